using BreakoutBot.Infrastructure.Monitoring.Metrics;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>What the client reports to the metrics: each HTTP round trip by endpoint path and outcome, and each rate-limit wait.</summary>
public sealed partial class OkxRestClient
{
    /// <param name="failure">The error kind or "timeout"/"network" (snake_case), null when the call succeeded.</param>
    private static void RecordRequest(OkxEndpoint endpoint, TimeSpan duration, string? failure)
    {
        var path = new KeyValuePair<string, object?>("endpoint", endpoint.Path);
        BotMetrics.ExchangeRequestDuration.Record(duration.TotalSeconds, path, new KeyValuePair<string, object?>("outcome", failure ?? "ok"));
        if (failure is not null)
        {
            BotMetrics.ExchangeRequestErrors.Add(1, path, new KeyValuePair<string, object?>("kind", failure));
        }
    }

    private static void RecordRateLimitWait(OkxEndpoint endpoint, TimeSpan waited)
    {
        var path = new KeyValuePair<string, object?>("endpoint", endpoint.Path);
        BotMetrics.RateLimitWaits.Add(1, path);
        BotMetrics.RateLimitWaitDuration.Record(waited.TotalSeconds, path);
    }
}
