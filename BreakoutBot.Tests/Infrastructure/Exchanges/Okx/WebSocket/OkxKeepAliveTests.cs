using System.Diagnostics;
using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// OKX's keep-alive rule on all three sockets, against the fake OKX with one fake clock for client and server: the
/// clock moves only when the test moves it, a step at a time, and after each step the test waits (bounded) for what
/// the sockets do with that time.
/// </summary>
public sealed class OkxKeepAliveTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private static readonly OkxWebSocketEndpoint[] AllEndpoints = [OkxWebSocketEndpoint.Public, OkxWebSocketEndpoint.Business, OkxWebSocketEndpoint.Private];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 10, 0, 30, TimeSpan.Zero));
    private FakeOkxServer _okx = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _okx = await FakeOkxServer.StartAsync(new FakeOkxOptions { TimeProvider = _clock, AddTypicalSwaps = true }, Ct);

    public async ValueTask DisposeAsync() => await _okx.DisposeAsync();

    [Fact]
    public async Task EverySocketPingsAfterTwentySecondsWithoutAMessageAndAMissingPongForcesAReconnect()
    {
        var options = new OkxOptions
        {
            WsBaseUrl = _okx.WsBaseUrl,
            WsDemoBaseUrl = _okx.WsBaseUrl,
            // Ping after 20 s and pong within 5 s are the defaults under test; the connect timeout must not fire while the test steps the clock.
            WsConnectTimeout = TimeSpan.FromMinutes(10),
            WsReconnectBaseDelay = TimeSpan.FromSeconds(1),
            WsMaxReconnectDelay = TimeSpan.FromSeconds(2),
        };
        options.WsPingInterval.ShouldBe(TimeSpan.FromSeconds(20));
        var credentials = new OkxCredentials(_okx.Options.ApiKey, _okx.Options.SecretKey, _okx.Options.Passphrase, isDemo: true);
        await using var client = new OkxWebSocketClient(options, _clock, NullLoggerFactory.Instance, credentials);
        using var listener = client.Listen();
        await client.SubscribeAsync(
            [OkxSubscription.ForInstrument("tickers", "BTC-USDT-SWAP"), OkxSubscription.ForInstrument("candle5m", "BTC-USDT-SWAP"), OkxSubscription.ForInstrumentType("orders", "SWAP")],
            Ct);
        foreach (var endpoint in AllEndpoints)
        {
            await client.ConnectAsync(endpoint, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        }
        _okx.WsPingCount.ShouldBe(0);

        var untilPing = await AdvanceUntilAsync(() => AllEndpoints.All(e => Stats(client, e).PingsSent >= 1) && _okx.WsPingCount >= 3, "a ping on every socket");

        untilPing.ShouldBeGreaterThanOrEqualTo(options.WsPingInterval, "no ping before 20 s without a message");
        untilPing.ShouldBeLessThan(OkxOptions.OkxIdleLimit, "the ping must come well inside OKX's 30 s idle limit");
        AllEndpoints.ShouldAllBe(e => Stats(client, e).ReconnectCount == 0 && Stats(client, e).State == OkxConnectionState.Connected);

        _okx.WsSilent = true;
        var logins = _okx.WsLoginCount;
        var untilReconnect = await AdvanceUntilAsync(() => AllEndpoints.All(e => Stats(client, e).ReconnectCount >= 1), "a reconnect of every socket");
        _okx.WsSilent = false;

        untilReconnect.ShouldBeLessThanOrEqualTo(options.WsPingInterval + options.WsPongTimeout + options.WsMaxReconnectDelay + (2 * Step));
        var lost = new List<OkxConnectionEvent>();
        while (lost.Count < AllEndpoints.Length)
        {
            lost.Add(await listener.NextAsync<OkxConnectionEvent>(e => e.Kind == OkxConnectionEventKind.Disconnected));
        }
        lost.Select(e => e.Endpoint).ShouldBe(AllEndpoints, ignoreOrder: true);
        lost.ShouldAllBe(e => e.Reason != null && e.Reason.Contains("no pong", StringComparison.Ordinal));
        await WaitUntilAsync(() => _okx.WsLoginCount >= logins + 2 && _okx.WsSubscriptions("public").Contains(("tickers", "BTC-USDT-SWAP")),
            "logged in and subscribed again after the reconnect");
    }

    private static OkxWebSocketStats Stats(OkxWebSocketClient client, OkxWebSocketEndpoint endpoint) =>
        client.GetStats().Single(s => s.Endpoint == endpoint);

    /// <summary>
    /// Moves the fake clock a <see cref="Step"/> at a time until <paramref name="condition"/> holds, giving the sockets up
    /// to 100 ms of real time after each step to act on it; returns how far the clock was moved.
    /// </summary>
    private async Task<TimeSpan> AdvanceUntilAsync(Func<bool> condition, string what)
    {
        var advanced = TimeSpan.Zero;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await Eventually.TryWaitUntilAsync(condition, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(5)))
            {
                return advanced;
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Timed out waiting for {what} (clock moved {advanced.TotalSeconds} s).");
            }
            _clock.Advance(Step);
            advanced += Step;
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.WaitUntilAsync(condition, what);
}
