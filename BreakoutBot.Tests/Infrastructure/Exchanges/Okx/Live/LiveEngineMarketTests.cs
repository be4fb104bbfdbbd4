using System.Diagnostics;
using BreakoutBot.Infrastructure.Exchanges.Okx.Live;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Live;

/// <summary>
/// The live market's WebSocket feed against the fake OKX, which (like OKX) rejects an instType-only tickers
/// subscription with 60018. The provider's REST ticker poll is set to once an hour on a clock that does not move, so
/// a ticker that changes can only have come over the socket.
/// </summary>
public sealed class LiveEngineMarketTests : IAsyncLifetime
{
    private const string Btc = "BTC-USDT-SWAP";
    private const string Eth = "ETH-USDT-SWAP";
    private const string Sol = "SOL-USDT-SWAP";
    private const string Doge = "DOGE-USDT-SWAP";
    private const string TickersPath = "/api/v5/market/tickers";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 10, 0, 30, TimeSpan.Zero));
    private FakeOkxMarketRig _rig = null!;
    private FakeOkxServer _okx = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _rig = await FakeOkxMarketRig.StartAsync(_clock);
        _okx = _rig.Server;
        _okx.AddInstrument(new FakeOkxInstrument("SWAP", Sol, 0.01m, 0.01m, 0.01m, 1m));
        _okx.SetPrice(Btc, 50_000m);
        _okx.SetPrice(Eth, 3_000m);
        _okx.SetPrice(Sol, 100m);
        _okx.SetVolume24h(Btc, 10m);       // 0.5 M USDT: last by volume, in the universe as the benchmark
        _okx.SetVolume24h(Eth, 10_000m);   // 30 M USDT
        _okx.SetVolume24h(Sol, 100_000m);  // 10 M USDT
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task EveryUniverseInstrumentGetsItsTickerPushedOverTheSocketPerInstIdNotPolled()
    {
        using var provider = Provider();
        (await provider.InitializeAsync(Ct)).ShouldBeTrue();
        var universe = (await provider.GetInstrumentsAsync(Ct)).Select(i => i.Id).ToList();
        universe.ShouldBe([Btc, Eth, Sol]);
        using var market = Market(provider);

        await WaitUntilAsync(() => Subscribed("public", "tickers").SetEquals(universe), "tickers subscribed per instId");
        var polls = TickerPolls();
        for (var i = 0; i < universe.Count; i++)
        {
            var id = universe[i];
            var price = 1_234m + i;
            _okx.SetPrice(id, price);
            await WaitUntilAsync(() => LastPrice(provider, id) == price, "the pushed ticker of " + id);
        }

        TickerPolls().ShouldBe(polls, "no ticker may come from the REST poll");
        _okx.WsErrorsSent.ShouldBeEmpty();
        _okx.WsSubscriptions("public").ShouldAllBe(s => s.Channel == "tickers");
        Subscribed("business", "candle5m").SetEquals(universe).ShouldBeTrue();
        market.BenchmarkInstrumentId.ShouldBe(Btc);
    }

    [Fact]
    public async Task TickerSubscriptionsFollowAUniverseChangeAndAreSentAgainAfterAReconnect()
    {
        using var provider = Provider(o => o.MaxInstruments = 2);
        (await provider.InitializeAsync(Ct)).ShouldBeTrue();
        using var market = Market(provider);
        await WaitUntilAsync(() => Subscribed("public", "tickers").SetEquals([Btc, Eth, Sol]), "the first universe subscribed");

        // DOGE becomes the most traded: SOL drops out of the top two; BTC stays as the benchmark.
        _okx.AddInstrument(new FakeOkxInstrument("SWAP", Doge, 0.00001m, 1m, 1m, 1000m));
        _okx.SetPrice(Doge, 0.1m);
        _okx.SetVolume24h(Doge, 1_000_000_000m);
        (await provider.RefreshUniverseAsync(Ct)).ShouldBeTrue();
        await WaitUntilAsync(
            () => Subscribed("public", "tickers").SetEquals([Btc, Doge, Eth]) && Subscribed("business", "candle5m").SetEquals([Btc, Doge, Eth]),
            "the new universe subscribed and SOL unsubscribed");
        _okx.SetPrice(Doge, 0.2m);
        await WaitUntilAsync(() => LastPrice(provider, Doge) == 0.2m, "DOGE's pushed ticker");

        var connections = _okx.WsConnectionCount;
        _okx.DropAllSockets();
        await WaitUntilAsync(
            () => _okx.WsConnectionCount >= connections + 2 && Subscribed("public", "tickers").SetEquals([Btc, Doge, Eth]),
            "both sockets reconnected with the tickers subscribed again");
        _okx.SetPrice(Eth, 3_100m);
        await WaitUntilAsync(() => LastPrice(provider, Eth) == 3_100m, "ETH's pushed ticker after the reconnect");

        _okx.WsErrorsSent.ShouldBeEmpty();
    }

    private OkxMarketDataProvider Provider(Action<OkxMarketDataOptions>? configure = null) =>
        _rig.Provider(options =>
        {
            options.TickerRefreshInterval = TimeSpan.FromHours(1);
            options.PollInterval = TimeSpan.FromHours(1);
            options.FetchBooks = false;
            options.BackfillBars = 10;
            options.MaxBarsKept = 10;
            configure?.Invoke(options);
        });

    private LiveEngineMarket Market(OkxMarketDataProvider provider)
    {
        var options = new OkxOptions
        {
            RestBaseUrl = _okx.RestBaseUrl,
            WsBaseUrl = _okx.WsBaseUrl,
            WsDemoBaseUrl = _okx.WsBaseUrl,
            WsReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
            WsMaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        };
        var socket = new OkxWebSocketClient(options, TimeProvider.System, NullLoggerFactory.Instance);
        var paper = new PaperExchangeClient(_ => null, _clock);
        return new LiveEngineMarket("test", provider, new LivePricedPaperExchange(paper, provider), paper, socket, [], [], NullLogger.Instance);
    }

    private HashSet<string> Subscribed(string kind, string channel) =>
        _okx.WsSubscriptions(kind).Where(s => s.Channel == channel).Select(s => s.Target ?? "(none)").ToHashSet(StringComparer.Ordinal);

    private int TickerPolls() => _okx.Requests.Count(r => r.Path == TickersPath);

    private static decimal? LastPrice(OkxMarketDataProvider provider, string id) =>
        provider.GetSnapshotAsync(id, DateTimeOffset.MaxValue, 1, Ct).AsTask().GetAwaiter().GetResult()?.Ticker?.Last;

    private static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.WaitUntilAsync(condition, what);
}
