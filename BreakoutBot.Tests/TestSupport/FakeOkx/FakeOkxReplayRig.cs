using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Infrastructure.MarketData;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// A generated market replayed onto the fake OKX for whole-engine tests: the engine reads candles from the replay and
/// trades through the real OKX adapter on the fake server, whose price follows each bar (open, the extreme against the
/// bar's direction, the other extreme, close) so resting stops and take-profits fire as the bar moves.
/// </summary>
internal sealed class FakeOkxReplayRig : IAsyncDisposable
{
    private readonly HttpClient _http;

    private FakeOkxReplayRig(GeneratedMarket market, ReplayClock clock, ReplayMarketDataProvider provider, FakeOkxServer server, HttpClient http,
        OkxRestClient rest, InMemoryOrderJournal journal, OkxExchangeClient okx)
    {
        Market = market;
        Clock = clock;
        Provider = provider;
        Server = server;
        _http = http;
        Rest = rest;
        Journal = journal;
        Okx = okx;
    }

    public GeneratedMarket Market { get; }

    public ReplayClock Clock { get; }

    public ReplayMarketDataProvider Provider { get; }

    public FakeOkxServer Server { get; }

    public OkxRestClient Rest { get; }

    public InMemoryOrderJournal Journal { get; }

    public OkxExchangeClient Okx { get; }

    public static async Task<FakeOkxReplayRig> StartAsync(int seed, int instruments, int bars, Action<OkxOptions>? configure = null, TimeSpan? timeoutFaultDelay = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var market = MarketGenerator.Generate(new MarketGeneratorOptions { Seed = seed, InstrumentCount = instruments, BarsPerInstrument = bars });
        var clock = new ReplayClock(market.Candles.Values.Min(c => c[0].Time));
        var provider = new ReplayMarketDataProvider(market.Instruments, market.Candles, clock);
        var server = await FakeOkxServer.StartAsync(new FakeOkxOptions { TimeProvider = clock, TimeoutFaultDelay = timeoutFaultDelay ?? TimeSpan.FromSeconds(60) }, ct);
        foreach (var i in market.Instruments)
        {
            server.AddInstrument(new FakeOkxInstrument("SWAP", i.Id, i.TickSize, i.LotSize, i.MinSize, i.ContractValue));
        }
        var options = new OkxOptions { RestBaseUrl = server.RestBaseUrl, RateLimitWindow = TimeSpan.FromMilliseconds(20), RetryBaseDelay = TimeSpan.FromMilliseconds(5) };
        configure?.Invoke(options);
        var http = new HttpClient();
        var rest = new OkxRestClient(http, options, clock, NullLogger<OkxRestClient>.Instance,
            new OkxCredentials(server.Options.ApiKey, server.Options.SecretKey, server.Options.Passphrase, isDemo: true));
        var journal = new InMemoryOrderJournal(clock);
        var okx = new OkxExchangeClient(rest, journal, clock);
        (await okx.InitializeAsync(ct)).IsSuccess.ShouldBeTrue();
        return new FakeOkxReplayRig(market, clock, provider, server, http, rest, journal, okx);
    }

    /// <summary>Moves the clock to a bar close and walks each instrument's fake price through that bar, calling <paramref name="afterEachPrice"/> after every step.</summary>
    public void MoveTo(DateTimeOffset closeTime, Action<string, decimal>? afterEachPrice = null)
    {
        Clock.SetUtcNow(closeTime);
        foreach (var instrument in Market.Instruments)
        {
            if (!Provider.TryGetCandleClosingAt(instrument.Id, closeTime, out var bar))
            {
                continue;
            }
            var path = bar.Close >= bar.Open ? new[] { bar.Open, bar.Low, bar.High, bar.Close } : [bar.Open, bar.High, bar.Low, bar.Close];
            foreach (var price in path)
            {
                Server.SetPrice(instrument.Id, price);
                afterEachPrice?.Invoke(instrument.Id, price);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Okx.Dispose();
        Rest.Dispose();
        _http.Dispose();
        await Server.DisposeAsync();
    }
}
