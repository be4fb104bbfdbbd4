using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>Open interest (<c>GET /api/v5/public/open-interest</c>), a public endpoint.</summary>
public sealed partial class OkxRestClient
{
    /// <summary>
    /// The open interest of every swap (<paramref name="instrumentId"/> null: one call for the whole universe, which
    /// keeps within the endpoint's 20 per 2 s) or of one. Only derivatives have open interest, so only
    /// <see cref="InstrumentKind.Swap"/> is accepted. A row with a missing or unreadable <c>instId</c>, <c>oi</c>,
    /// <c>oiUsd</c> or <c>ts</c> makes the whole reply an <see cref="OkxErrorKind.InvalidResponse"/> error naming the field.
    /// </summary>
    public Task<OkxResult<IReadOnlyList<OkxOpenInterest>>> GetOpenInterestAsync(InstrumentKind kind, string? instrumentId, CancellationToken cancellationToken)
    {
        if (kind != InstrumentKind.Swap)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Open interest exists only for derivatives: ask for SWAP.");
        }
        var instrumentType = InstrumentType(kind);
        var query = new OkxQuery().Add("instType", instrumentType).Add("instId", instrumentId);
        return GetAsync(OkxEndpoints.OpenInterest, instrumentId ?? instrumentType, query,
            (body, status) => OkxResponseParser.ParseList(body, status, OkxOpenInterest.FromJson), cancellationToken);
    }
}
