using System.Net;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Monitoring;

/// <summary>
/// The OKX series: every HTTP round trip timed by endpoint path and outcome, failures counted by kind, and waits for a
/// rate-limit permit. Other tests call the same endpoints at the same time, so counts are "at least".
/// </summary>
public sealed class OkxRequestMetricsTests : IDisposable
{
    private readonly MeasurementRecorder _recorded = new();

    [Fact]
    public async Task ARateLimitedAnswerIsCountedAsAnErrorAndTheRetryAsASuccessOfTheSameEndpoint()
    {
        var calls = 0;
        var handler = new ScriptedHttpHandler(_ => Interlocked.Increment(ref calls) == 1
            ? ScriptedHttpHandler.Json(HttpStatusCode.TooManyRequests, """{"code":"50011","msg":"Too Many Requests","data":[]}""")
            : ScriptedHttpHandler.Ok("""[{"ts":"1607418537715"}]"""));
        using var client = Client(handler, TimeSpan.FromSeconds(2));

        (await client.GetServerTimeAsync(CancellationToken.None)).IsSuccess.ShouldBeTrue();

        var endpoint = ("endpoint", "/api/v5/public/time");
        _recorded.Sum("okx.request.errors", endpoint, ("kind", "rate_limited")).ShouldBeGreaterThanOrEqualTo(1);
        _recorded.Values("okx.request.duration.seconds", endpoint, ("outcome", "rate_limited")).ShouldNotBeEmpty();
        _recorded.Values("okx.request.duration.seconds", endpoint, ("outcome", "ok")).ShouldNotBeEmpty();
        _recorded.Values("okx.request.duration.seconds").ShouldAllBe(v => v >= 0);
    }

    [Fact]
    public async Task ARequestThatWaitsForARateLimitPermitIsCountedWithItsWait()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok("""[{"ts":"1607418537715"}]"""));
        // /api/v5/public/time allows 10 requests per window; the eleventh waits for the (short) window to slide.
        using var client = Client(handler, TimeSpan.FromMilliseconds(300));
        for (var i = 0; i < 11; i++)
        {
            (await client.GetServerTimeAsync(CancellationToken.None)).IsSuccess.ShouldBeTrue();
        }

        var waits = _recorded.Values("okx.rate_limit.wait.duration.seconds", ("endpoint", "/api/v5/public/time"));
        waits.ShouldNotBeEmpty();
        waits.Max().ShouldBeGreaterThan(0);
        _recorded.Sum("okx.rate_limit.waits", ("endpoint", "/api/v5/public/time")).ShouldBeGreaterThanOrEqualTo(1);
    }

    public void Dispose() => _recorded.Dispose();

    private static OkxRestClient Client(ScriptedHttpHandler handler, TimeSpan window) =>
        new(new HttpClient(handler), new OkxOptions
        {
            RestBaseUrl = new Uri("https://okx.test"),
            RetryBaseDelay = TimeSpan.Zero,
            MaxRetries = 3,
            RequestTimeout = TimeSpan.FromSeconds(10),
            RateLimitWindow = window,
        }, TimeProvider.System, NullLogger<OkxRestClient>.Instance);
}
