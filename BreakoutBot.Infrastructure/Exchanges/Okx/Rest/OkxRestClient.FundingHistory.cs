using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>Funding-rate history (<c>GET /api/v5/public/funding-rate-history</c>), a public endpoint.</summary>
public sealed partial class OkxRestClient
{
    /// <summary>Rows asked per page of <c>/public/funding-rate-history</c> (OKX allows more; short pages are tolerated).</summary>
    public const int FundingRatesPerPage = 100;

    /// <summary>
    /// Settled funding rates of one perpetual swap, newest first as OKX sends them. <paramref name="after"/> returns
    /// settlements older than that time, <paramref name="before"/> newer ones. A row without a readable <c>instId</c>,
    /// <c>fundingTime</c> or <c>fundingRate</c> makes the reply an <see cref="OkxErrorKind.InvalidResponse"/> error naming the field.
    /// </summary>
    public Task<OkxResult<IReadOnlyList<OkxFundingRate>>> GetFundingRateHistoryAsync(
        string instrumentId,
        DateTimeOffset? after,
        DateTimeOffset? before,
        int? limit,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        var query = new OkxQuery()
            .Add("instId", instrumentId)
            .Add("after", after)
            .Add("before", before)
            .Add("limit", limit is { } rows ? Math.Clamp(rows, 1, FundingRatesPerPage) : null);
        return GetAsync(OkxEndpoints.FundingRateHistory, instrumentId, query,
            (body, status) => OkxResponseParser.ParseList(body, status, OkxFundingRate.FromJson), cancellationToken);
    }

    /// <summary>
    /// The current funding rate of every perpetual swap (<c>GET /api/v5/public/funding-rate?instId=ANY</c>, one call):
    /// for each, the rate that will be settled at its next settlement (<c>fundingTime</c>). A row without a readable
    /// <c>instId</c>, <c>fundingTime</c> or <c>fundingRate</c> makes the reply an <see cref="OkxErrorKind.InvalidResponse"/>
    /// error naming the field.
    /// </summary>
    public Task<OkxResult<IReadOnlyList<OkxFundingRate>>> GetCurrentFundingRatesAsync(CancellationToken cancellationToken) =>
        GetAsync(OkxEndpoints.FundingRate, "ANY", new OkxQuery().Add("instId", "ANY"),
            (body, status) => OkxResponseParser.ParseList(body, status, OkxFundingRate.FromJson), cancellationToken);
}
