using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Tests.Infrastructure.MarketData;

public class ReplayMarketDataProviderTests
{
    private const string Sol = "SOL-USDT-SWAP";
    private const string Eth = "ETH-USDT-SWAP";
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Instrument SolInstrument = new(Sol, InstrumentKind.Swap, 0.01m, 1m, 1m, 1m);
    private static readonly Instrument EthInstrument = new(Eth, InstrumentKind.Swap, 0.01m, 1m, 1m, 0.1m);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShowsNothingBeforeTheFirstBarCloses()
    {
        var clock = new ReplayClock(T0 + TimeSpan.FromSeconds(299));
        var provider = Provider(clock, Bars(10));

        var snapshot = (await provider.GetSnapshotAsync(Sol, null, 100, Ct))!;

        snapshot.NewCandles.ShouldBeEmpty();
        snapshot.Ticker.ShouldBeNull();
        snapshot.OrderBook.ShouldBeNull();
        snapshot.TradesPerMinute.ShouldBeNull();
    }

    [Fact]
    public async Task ReturnsOnlyCandlesClosedByTheClock()
    {
        var bars = Bars(10);
        var clock = new ReplayClock(T0 + Candle.Interval);
        var provider = Provider(clock, bars);

        (await provider.GetSnapshotAsync(Sol, null, 100, Ct))!.NewCandles.ShouldBe([bars[0]]);

        clock.Advance(TimeSpan.FromMinutes(7)); // 12 minutes: bar 1 closed at 10, bar 2 still open
        var snapshot = (await provider.GetSnapshotAsync(Sol, null, 100, Ct))!;

        snapshot.NewCandles.ShouldBe([bars[0], bars[1]]);
        snapshot.Ticker!.Last.ShouldBe(bars[1].Close);
        snapshot.Ticker.Time.ShouldBe(bars[1].CloseTime);
    }

    [Fact]
    public async Task RespectsCandlesAfterAndMaxCandles()
    {
        var bars = Bars(10);
        var clock = new ReplayClock(bars[^1].CloseTime);
        var provider = Provider(clock, bars);

        var after = await provider.GetSnapshotAsync(Sol, bars[3].Time, 100, Ct);
        var newest = await provider.GetSnapshotAsync(Sol, null, 3, Ct);
        var both = await provider.GetSnapshotAsync(Sol, bars[3].Time, 2, Ct);
        var none = await provider.GetSnapshotAsync(Sol, null, 0, Ct);
        var caughtUp = await provider.GetSnapshotAsync(Sol, bars[^1].Time, 100, Ct);

        after!.NewCandles.ShouldBe(bars.Skip(4));
        newest!.NewCandles.ShouldBe(bars.Skip(7));
        both!.NewCandles.ShouldBe(bars.Skip(8));
        none!.NewCandles.ShouldBeEmpty();
        none.Ticker.ShouldNotBeNull();
        caughtUp!.NewCandles.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReturnsNullForAnUnknownInstrumentAndListsTheUniverseInOrder()
    {
        var provider = Provider(new ReplayClock(T0), Bars(3));

        (await provider.GetSnapshotAsync("NOPE-USDT-SWAP", null, 10, Ct)).ShouldBeNull();
        (await provider.GetInstrumentsAsync(Ct)).Select(i => i.Id).ShouldBe([Sol, Eth]);
    }

    [Fact]
    public async Task ModelsTickerBookAndTradeRateDeterministicallyFromTheCandles()
    {
        var bars = Bars(300);
        var clock = new ReplayClock(bars[^1].CloseTime);

        var first = (await Provider(clock, bars).GetSnapshotAsync(Sol, null, 10, Ct))!;
        var second = (await Provider(clock, bars).GetSnapshotAsync(Sol, null, 10, Ct))!;

        second.Ticker.ShouldBe(first.Ticker);
        second.OrderBook.ShouldBe(first.OrderBook);
        second.TradesPerMinute.ShouldBe(first.TradesPerMinute);
        var ticker = first.Ticker!;
        var book = first.OrderBook!.Value;
        ticker.Bid.ShouldBeLessThan(ticker.Last);
        ticker.Ask.ShouldBeGreaterThan(ticker.Last);
        book.BestBid.ShouldBe(ticker.Bid);
        book.BestAsk.ShouldBe(ticker.Ask);
        book.SpreadBps.ShouldBeInRange(0.5, 50);
        book.BidDepth05.ShouldBeGreaterThan(book.BidDepth03);
        book.AskDepth05.ShouldBeGreaterThan(book.AskDepth03);
        book.Imbalance.ShouldBeInRange(-1d, 1d);
        first.OpenInterestUsd.ShouldBeNull();
        first.OpenInterestChange24h.ShouldBeNull();
        // Every bar trades 1,000 coins at a close of about 100: 24 h = the last 288 bars' close * volume.
        ticker.Volume24hQuote.ShouldBe(bars.TakeLast(288).Sum(c => c.Close * c.Volume));
        var averageQuote = (double)bars.TakeLast(12).Average(c => c.Close * c.Volume);
        first.TradesPerMinute!.Value.ShouldBe(averageQuote / 5 / 500, 1e-9);
    }

    [Fact]
    public async Task TheModelledBookIsMarkedAndDoesNotLeanWithTheSignalBarsBody()
    {
        var up = Bars(20);
        up[^1] = Candle.Create(up[^1].Time, 100m, 101m, 99.9m, 100.9m, 1000m);
        var down = Bars(20);
        down[^1] = Candle.Create(down[^1].Time, 100m, 100.1m, 99m, 99.1m, 1000m);
        var clock = new ReplayClock(up[^1].CloseTime);

        var bullish = (await Provider(clock, up).GetSnapshotAsync(Sol, null, 1, Ct))!.OrderBook!.Value;
        var bearish = (await Provider(clock, down).GetSnapshotAsync(Sol, null, 1, Ct))!.OrderBook!.Value;

        // An imbalance taken from the bar's own body would confirm a breakout with itself (ADR-007).
        foreach (var book in new[] { bullish, bearish })
        {
            book.IsModelled.ShouldBeTrue();
            book.Imbalance.ShouldBe(0d);
            book.BidDepth05.ShouldBe(book.AskDepth05);
            book.BidDepth03.ShouldBe(book.AskDepth03);
        }
    }

    [Fact]
    public async Task VolatileBarsWidenTheSpreadAndThinTheBook()
    {
        var calm = Bars(20, range: 0.2m);
        var wild = Bars(20, range: 3m);
        var clock = new ReplayClock(calm[^1].CloseTime);

        var calmBook = (await Provider(clock, calm).GetSnapshotAsync(Sol, null, 1, Ct))!.OrderBook!.Value;
        var wildBook = (await Provider(clock, wild).GetSnapshotAsync(Sol, null, 1, Ct))!.OrderBook!.Value;

        wildBook.SpreadBps.ShouldBeGreaterThan(calmBook.SpreadBps);
        wildBook.TotalDepth05.ShouldBeLessThan(calmBook.TotalDepth05);
    }

    [Fact]
    public void BuildsTheUnionTimelineOfBarCloses()
    {
        var sol = Bars(4);
        var eth = new List<Candle>
        {
            Candle.Create(T0 + TimeSpan.FromMinutes(10), 10m, 11m, 9m, 10m, 5m),
            Candle.Create(T0 + TimeSpan.FromMinutes(30), 10m, 11m, 9m, 10m, 5m), // after a gap
        };
        var provider = new ReplayMarketDataProvider(
            [SolInstrument, EthInstrument],
            new Dictionary<string, IReadOnlyList<Candle>> { [Sol] = sol, [Eth] = eth },
            new ReplayClock(T0));

        provider.Timeline.ShouldBe(new[] { 5, 10, 15, 20, 35 }.Select(m => T0 + TimeSpan.FromMinutes(m)));
        provider.TryGetCandleClosingAt(Eth, T0 + TimeSpan.FromMinutes(35), out var closing).ShouldBeTrue();
        closing.ShouldBe(eth[1]);
        provider.TryGetCandleClosingAt(Eth, T0 + TimeSpan.FromMinutes(25), out _).ShouldBeFalse();
    }

    [Fact]
    public void ReplaysOfTheSameCandleListsShareOneTimelineAndOthersGetTheirOwn()
    {
        var sol = Bars(4);
        var eth = new List<Candle> { Candle.Create(T0 + TimeSpan.FromMinutes(30), 10m, 11m, 9m, 10m, 5m) };
        var both = new Dictionary<string, IReadOnlyList<Candle>> { [Sol] = sol, [Eth] = eth };
        var first = new ReplayMarketDataProvider([SolInstrument, EthInstrument], both, new ReplayClock(T0));

        // A sweep's runs and a backtest run again: the same lists, the same (immutable) timeline.
        new ReplayMarketDataProvider([SolInstrument, EthInstrument], both, new ReplayClock(T0)).Timeline.ShouldBeSameAs(first.Timeline);
        // Fewer instruments, or another list for one of them: a timeline of their own, right for them.
        var solAlone = new ReplayMarketDataProvider([SolInstrument], new Dictionary<string, IReadOnlyList<Candle>> { [Sol] = sol }, new ReplayClock(T0));
        solAlone.Timeline.ShouldBe(new[] { 5, 10, 15, 20 }.Select(m => T0 + TimeSpan.FromMinutes(m)));
        var otherEth = new List<Candle> { Candle.Create(T0 + TimeSpan.FromMinutes(40), 10m, 11m, 9m, 10m, 5m) };
        new ReplayMarketDataProvider([SolInstrument, EthInstrument], new Dictionary<string, IReadOnlyList<Candle>> { [Sol] = sol, [Eth] = otherEth }, new ReplayClock(T0))
            .Timeline.ShouldBe(new[] { 5, 10, 15, 20, 45 }.Select(m => T0 + TimeSpan.FromMinutes(m)));
        first.Timeline.ShouldBe(new[] { 5, 10, 15, 20, 35 }.Select(m => T0 + TimeSpan.FromMinutes(m)));
    }

    [Fact]
    public void RejectsCandlesThatAreNotStrictlyIncreasingOrBelongToNoInstrument()
    {
        var bars = Bars(3);
        var unsorted = new[] { bars[1], bars[0] };

        Should.Throw<DomainException>(() => new ReplayMarketDataProvider(
            [SolInstrument], new Dictionary<string, IReadOnlyList<Candle>> { [Sol] = unsorted }, new ReplayClock(T0)));
        Should.Throw<DomainException>(() => new ReplayMarketDataProvider(
            [SolInstrument], new Dictionary<string, IReadOnlyList<Candle>> { [Eth] = bars }, new ReplayClock(T0)));
    }

    [Fact]
    public async Task ADirectUpdateLeavesTheMarketAsApplyingTheSnapshotDoes()
    {
        // The scanner updates replay markets without a snapshot object (IMarketUpdateSource); it must not change a thing.
        var bars = Bars(400, range: 2m);
        var clock = new ReplayClock(T0 + TimeSpan.FromSeconds(299));
        var provider = Provider(clock, bars);
        var viaSnapshot = new InstrumentMarket(SolInstrument, isBenchmark: false);
        var direct = new InstrumentMarket(SolInstrument, isBenchmark: false);
        // Before the first close, bar by bar, a refresh within a bar, a jump of many bars (capped by maxCandles), and
        // catch-ups of a few bars (a market not scanned for a while): 7, 16 and 17 bars (either side of how far the
        // provider looks around its last answer before it searches).
        TimeSpan[] steps = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2),
            TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(5), TimeSpan.FromHours(20), TimeSpan.FromMinutes(5),
            TimeSpan.FromMinutes(35), TimeSpan.FromMinutes(80), TimeSpan.FromMinutes(85), TimeSpan.FromMinutes(5)];

        foreach (var step in steps)
        {
            clock.Advance(step);
            var maxCandles = viaSnapshot.CandleCount == 0 ? 50 : 200;
            var snapshot = (await provider.GetSnapshotAsync(Sol, viaSnapshot.LastCandleTime, maxCandles, Ct))!;
            viaSnapshot.ApplySnapshot(snapshot, null);
            provider.TryUpdate(Sol, direct, maxCandles, null).ShouldBeTrue();

            direct.CandleCount.ShouldBe(viaSnapshot.CandleCount);
            direct.LastCandle.ShouldBe(viaSnapshot.LastCandle);
            // The newest bar closed by the clock, found here without the provider's search.
            Candle? closedLast = bars.Where(b => b.CloseTime <= clock.GetUtcNow()).Select(b => (Candle?)b).LastOrDefault();
            direct.LastCandle.ShouldBe(closedLast);
            direct.Ticker.ShouldBe(viaSnapshot.Ticker);
            direct.LiquidityBook.ShouldBe(viaSnapshot.LiquidityBook);
            direct.TradesPerMinute.ShouldBe(viaSnapshot.TradesPerMinute);
            direct.OpenInterestUsd.ShouldBe(viaSnapshot.OpenInterestUsd);
            direct.IsStale.ShouldBe(viaSnapshot.IsStale);
            BitConverter.DoubleToInt64Bits(direct.Atr).ShouldBe(BitConverter.DoubleToInt64Bits(viaSnapshot.Atr));
            BitConverter.DoubleToInt64Bits(direct.Vwap).ShouldBe(BitConverter.DoubleToInt64Bits(viaSnapshot.Vwap));
            BitConverter.DoubleToInt64Bits(direct.BookSpreadBps).ShouldBe(BitConverter.DoubleToInt64Bits(viaSnapshot.BookSpreadBps));
            BitConverter.DoubleToInt64Bits(direct.BookDepth03Usd).ShouldBe(BitConverter.DoubleToInt64Bits(viaSnapshot.BookDepth03Usd));
            BitConverter.DoubleToInt64Bits(direct.BookDepth05Usd).ShouldBe(BitConverter.DoubleToInt64Bits(viaSnapshot.BookDepth05Usd));
        }
        // 4 bars one by one (and a refresh), then the newest 200 of the 240 closed in 20 hours, then one more, then
        // 7 + 16 + 17 + 1.
        direct.CandleCount.ShouldBe(4 + 200 + 1 + 7 + 16 + 17 + 1);
        provider.TryUpdate("NOPE-USDT-SWAP", direct, 10, null).ShouldBeFalse();
    }

    [Fact]
    public void AMarketTakesItsBarsFromTheProviderAndInstrumentItIsUpdatedFor()
    {
        // A market keeps the series it was last updated from (no look-up by id on every bar); updated by another provider
        // of the same instrument, or asked for another instrument, it must take that one's bars, not the kept series'.
        var clock = new ReplayClock(T0 + (Candle.Interval * 2));
        var first = Provider(clock, Bars(10));
        var other = Bars(10).Select(b => b with { Close = b.Close + 7m }).ToArray();
        var second = Provider(clock, other);
        var market = new InstrumentMarket(SolInstrument, isBenchmark: false);

        first.TryUpdate(Sol, market, 100, null).ShouldBeTrue();
        clock.Advance(Candle.Interval);
        second.TryUpdate(Sol, market, 100, null).ShouldBeTrue();

        market.LastCandle.ShouldBe(other[2]);
        market.Quote!.Value.Last.ShouldBe(other[2].Close);
        // An instrument the provider has no bars for leaves the market as it is.
        clock.Advance(Candle.Interval);
        second.TryUpdate(Eth, market, 100, null).ShouldBeTrue();
        market.LastCandle.ShouldBe(other[2]);
    }

    [Fact]
    public async Task TheBookForFillsIsTheSnapshotsBook()
    {
        var clock = new ReplayClock(T0 + TimeSpan.FromSeconds(299));
        var provider = Provider(clock, Bars(30, range: 2m));

        provider.BookAt(Sol).ShouldBeNull();
        for (var bar = 0; bar < 25; bar++)
        {
            clock.Advance(Candle.Interval);
            var book = provider.BookAt(Sol);
            book.ShouldNotBeNull();
            book.ShouldBe((await provider.GetSnapshotAsync(Sol, null, 0, Ct))!.OrderBook);
        }
        provider.BookAt("NOPE-USDT-SWAP").ShouldBeNull();
    }

    [Fact]
    public void TheModelledBooksFiguresAreThoseOfTheBookOnEveryBar()
    {
        // The replay hands its markets the book's spread and depths with the book (computed once per bar, shared): they
        // must be exactly what the figures of the book itself are, for every instrument and bar.
        var set = MarketGenerator.Generate(new MarketGeneratorOptions { Seed = 11, InstrumentCount = 8, BarsPerInstrument = 600 });
        var first = set.Candles.Values.Min(c => c[0].Time);
        var clock = new ReplayClock(first);
        var provider = new ReplayMarketDataProvider(set.Instruments, set.Candles, clock);
        var markets = set.Instruments.Select(i => new InstrumentMarket(i, isBenchmark: false)).ToList();
        var checkedBars = 0;
        for (var bar = 0; bar < 600; bar++)
        {
            clock.Advance(Candle.Interval);
            foreach (var market in markets)
            {
                provider.TryUpdate(market.Instrument.Id, market, 200, null).ShouldBeTrue();
                if (market.LiquidityBook is not { } book)
                {
                    continue;
                }
                var figures = BookFigures.Of(book);
                BitConverter.DoubleToInt64Bits(market.BookSpreadBps).ShouldBe(BitConverter.DoubleToInt64Bits(figures.SpreadBps), $"{market.Instrument.Id} bar {bar}");
                BitConverter.DoubleToInt64Bits(market.BookDepth03Usd).ShouldBe(BitConverter.DoubleToInt64Bits(figures.Depth03Usd), $"{market.Instrument.Id} bar {bar}");
                BitConverter.DoubleToInt64Bits(market.BookDepth05Usd).ShouldBe(BitConverter.DoubleToInt64Bits(figures.Depth05Usd), $"{market.Instrument.Id} bar {bar}");
                checkedBars++;
            }
        }
        checkedBars.ShouldBeGreaterThan(8 * 500);
    }

    [Fact]
    public void TheReplayClockMovesOnlyForward()
    {
        var clock = new ReplayClock(T0);

        clock.Advance(TimeSpan.FromMinutes(5));
        clock.GetUtcNow().ShouldBe(T0.AddMinutes(5));
        clock.SetUtcNow(T0.AddHours(1));
        clock.GetUtcNow().ShouldBe(T0.AddHours(1));
        clock.GetUtcNow().Offset.ShouldBe(TimeSpan.Zero);
        Should.Throw<DomainException>(() => clock.SetUtcNow(T0));
        Should.Throw<DomainException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }

    private static ReplayMarketDataProvider Provider(ReplayClock clock, IReadOnlyList<Candle> solBars) =>
        new([SolInstrument, EthInstrument], new Dictionary<string, IReadOnlyList<Candle>> { [Sol] = solBars }, clock);

    /// <summary>Bars around 100 that alternate up and down, each trading 1,000 coins.</summary>
    private static Candle[] Bars(int count, decimal range = 1m)
    {
        var bars = new Candle[count];
        for (var i = 0; i < count; i++)
        {
            var open = 100m + (i % 2 == 0 ? 0m : 0.5m);
            var close = 100m + (i % 2 == 0 ? 0.5m : 0m);
            bars[i] = Candle.Create(T0 + (Candle.Interval * i), open, 100.5m + (range / 2), 100m - (range / 2), close, 1000m);
        }
        return bars;
    }
}
