using System.Text.Json;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>Private account endpoints: balance, positions, configuration, position mode, leverage.</summary>
public sealed partial class OkxRestClient
{
    /// <summary>Account totals and per-currency details; <paramref name="currencies"/> is an optional comma list (up to 20).</summary>
    public Task<OkxResult<OkxBalance>> GetBalanceAsync(string? currencies, CancellationToken cancellationToken)
    {
        var query = new OkxQuery().Add("ccy", currencies);
        return GetAsync(OkxEndpoints.Balance, null, query, (body, status) => OkxResponseParser.ParseFirst(body, status, OkxBalance.FromJson), cancellationToken);
    }

    /// <summary>Open positions, optionally of one instrument type (SWAP) or instrument.</summary>
    public Task<OkxResult<IReadOnlyList<OkxPosition>>> GetPositionsAsync(string? instrumentType, string? instrumentId, CancellationToken cancellationToken)
    {
        var query = new OkxQuery().Add("instType", instrumentType).Add("instId", instrumentId);
        return GetAsync(OkxEndpoints.Positions, null, query, (body, status) => OkxResponseParser.ParseList(body, status, OkxPosition.FromJson), cancellationToken);
    }

    public Task<OkxResult<OkxAccountConfig>> GetAccountConfigAsync(CancellationToken cancellationToken) =>
        GetAsync(OkxEndpoints.AccountConfig, null, new OkxQuery(), (body, status) => OkxResponseParser.ParseFirst(body, status, OkxAccountConfig.FromJson), cancellationToken);

    /// <summary>Sets <c>net_mode</c> or <c>long_short_mode</c>; returns the mode OKX reports. Fails with 59000 while positions or orders are open.</summary>
    public Task<OkxResult<string>> SetPositionModeAsync(string positionMode, CancellationToken cancellationToken)
    {
        if (positionMode is not ("net_mode" or "long_short_mode"))
        {
            throw new ArgumentException($"posMode '{positionMode}' must be net_mode or long_short_mode.", nameof(positionMode));
        }
        var body = OkxBody.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("posMode", positionMode);
            writer.WriteEndObject();
        });
        return PostAsync(
            OkxEndpoints.SetPositionMode,
            null,
            body,
            (text, status) => OkxResponseParser.ParseFirst(text, status, item => OkxJson.Text(item, "posMode")),
            cancellationToken);
    }

    /// <summary>Sets the leverage of an instrument for a margin mode (cross or isolated); returns the leverage OKX reports.</summary>
    public Task<OkxResult<decimal>> SetLeverageAsync(string instrumentId, decimal leverage, string marginMode, string? positionSide, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leverage);
        if (marginMode is not ("cross" or "isolated"))
        {
            throw new ArgumentException($"mgnMode '{marginMode}' must be cross or isolated.", nameof(marginMode));
        }
        var body = OkxBody.Write(writer =>
        {
            writer.WriteStartObject();
            OkxBody.Text(writer, "instId", instrumentId);
            OkxBody.Number(writer, "lever", leverage);
            OkxBody.Text(writer, "mgnMode", marginMode);
            OkxBody.Text(writer, "posSide", positionSide);
            writer.WriteEndObject();
        });
        return PostAsync(
            OkxEndpoints.SetLeverage,
            null,
            body,
            (text, status) => OkxResponseParser.ParseFirst(text, status, ReadLeverage),
            cancellationToken);
    }

    private static decimal ReadLeverage(JsonElement item) => OkxJson.RequiredDecimal(item, "lever");
}
