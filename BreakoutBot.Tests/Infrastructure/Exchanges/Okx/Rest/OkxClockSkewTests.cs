using System.Globalization;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// Clock skew from the midpoint of the round trip: the fake handler moves a fake clock to play out slow legs, while
/// the "server" stamps its reply with the same clock (both clocks agree), so any skew measured would be an error.
/// </summary>
public sealed class OkxClockSkewTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A /public/time endpoint whose n-th call spends <paramref name="outbound"/>(n) before and <paramref name="back"/>(n) after the server reads its clock.</summary>
    private static (OkxRestClient Client, FakeTimeProvider Clock) ClientWith(Func<int, TimeSpan> outbound, Func<int, TimeSpan> back, TimeSpan? serverAhead = null)
    {
        var clock = new FakeTimeProvider(Start);
        var calls = 0;
        var handler = new ScriptedHttpHandler(request =>
        {
            var n = calls++;
            clock.Advance(outbound(n));
            var ts = (clock.GetUtcNow() + (serverAhead ?? TimeSpan.Zero)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            clock.Advance(back(n));
            return ScriptedHttpHandler.Ok($$"""[{"ts":"{{ts}}"}]""");
        });
        var options = new OkxOptions { RestBaseUrl = new Uri("https://okx.test"), RetryBaseDelay = TimeSpan.Zero };
        return (new OkxRestClient(new HttpClient(handler), options, clock, NullLogger<OkxRestClient>.Instance), clock);
    }

    [Fact]
    public async Task ASlowFirstRoundTripDoesNotShowAsSkewWhenTheClocksAgree()
    {
        // The first request waits 5 s on the way out (a queue, a slow connect); the others take 40 ms each way.
        var (client, _) = ClientWith(n => TimeSpan.FromMilliseconds(n == 0 ? 5_000 : 40), _ => TimeSpan.FromMilliseconds(40));
        using (client)
        {
            var measured = await client.MeasureClockAsync(5, Ct);

            measured.IsSuccess.ShouldBeTrue();
            measured.Value.Reliable.ShouldBeTrue();
            Math.Abs(measured.Value.Offset.TotalMilliseconds).ShouldBeLessThan(1, "the clocks agree");
            measured.Value.RoundTrip.ShouldBe(TimeSpan.FromMilliseconds(80));
            measured.Value.Used.ShouldBe(4, "the slow sample is ignored");
            client.ClockOffset.ShouldBe(measured.Value.Offset);
        }
    }

    [Fact]
    public async Task ARealSkewIsMeasuredFromTheFastestRoundTrip()
    {
        var (client, _) = ClientWith(n => TimeSpan.FromMilliseconds(n == 2 ? 900 : 30 + n), _ => TimeSpan.FromMilliseconds(30), serverAhead: TimeSpan.FromMilliseconds(120));
        using (client)
        {
            var measured = await client.MeasureClockAsync(5, Ct);

            measured.Value.Reliable.ShouldBeTrue();
            measured.Value.Offset.TotalMilliseconds.ShouldBe(120, tolerance: 1);
        }
    }

    [Fact]
    public async Task WhenEveryRoundTripIsSlowNoSkewIsClaimed()
    {
        // Each request waits 3 s on the way out and returns at once: the midpoint rule alone would claim -1.5 s.
        var (client, _) = ClientWith(_ => TimeSpan.FromSeconds(3), _ => TimeSpan.Zero);
        using (client)
        {
            var measured = await client.MeasureClockAsync(3, Ct);

            measured.IsSuccess.ShouldBeTrue();
            measured.Value.Reliable.ShouldBeFalse();
            measured.Value.Used.ShouldBe(0);
            measured.Value.RoundTrip.ShouldBe(TimeSpan.FromSeconds(3));
        }
    }
}
