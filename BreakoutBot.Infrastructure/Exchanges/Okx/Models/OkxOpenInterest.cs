using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// One row of <c>GET /api/v5/public/open-interest</c>: the open interest of a derivative in contracts
/// (<see cref="Contracts"/>, field <c>oi</c>), in coins (<see cref="Coins"/>, <c>oiCcy</c>) and in USD
/// (<see cref="Usd"/>, <c>oiUsd</c>), as of <see cref="Time"/> (<c>ts</c>, Unix ms).
/// </summary>
public sealed record OkxOpenInterest
{
    public required string InstrumentId { get; init; }

    public required string InstrumentType { get; init; }

    public required decimal Contracts { get; init; }

    public decimal? Coins { get; init; }

    public required decimal Usd { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>
    /// Reads one row. <c>instId</c>, <c>oi</c>, <c>oiUsd</c> and <c>ts</c> are required; a missing, empty, unreadable or
    /// negative value throws <see cref="FormatException"/> naming the field (the response parser turns it into an error).
    /// </summary>
    public static OkxOpenInterest FromJson(JsonElement item)
    {
        var instrumentId = OkxJson.TextOrNull(item, "instId")
            ?? throw new FormatException("OKX field 'instId' is required but missing or empty.");
        return new OkxOpenInterest
        {
            InstrumentId = instrumentId,
            InstrumentType = OkxJson.Text(item, "instType"),
            Contracts = NotNegative(OkxJson.RequiredDecimal(item, "oi"), "oi"),
            Coins = OkxJson.Decimal(item, "oiCcy") is { } coins ? NotNegative(coins, "oiCcy") : null,
            Usd = NotNegative(OkxJson.RequiredDecimal(item, "oiUsd"), "oiUsd"),
            Time = OkxJson.RequiredTime(item, "ts"),
        };
    }

    private static decimal NotNegative(decimal value, string name) =>
        value >= 0 ? value : throw new FormatException($"OKX field '{name}' cannot be negative: {OkxJson.Format(value)}.");
}
