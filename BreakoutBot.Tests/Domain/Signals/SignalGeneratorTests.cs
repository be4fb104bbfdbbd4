using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Tests.Domain.Signals;

public class SignalGeneratorTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    internal static readonly Instrument Inst = new("SYN-USDT-SWAP", InstrumentKind.Swap, 0.01m, 0.001m, 0.001m, 1m);
    internal static readonly TradingPreset BreakoutV1 = PresetCatalog.Get("breakout_v1");

    /// <summary>The original's momentum case: a slow climb, then a wide bar on 5,000 volume through resistance at 100.</summary>
    private static List<Candle> MomentumSeries()
    {
        var bars = new List<Candle>();
        for (var i = 0; i < 40; i++)
        {
            var open = 100m + (0.01m * i);
            var close = i == 39 ? open + 0.12m : open + 0.06m;
            bars.Add(Candle.Create(T0 + (Candle.Interval * i), open, close + 0.02m, open - 0.02m, close, i == 39 ? 5000m : 1200m));
        }
        return bars;
    }

    /// <summary>The original's retest case: a spike at bar 30, then price back at the 50.5 level on bar 39.</summary>
    internal static List<Candle> RetestSeries()
    {
        var bars = new List<Candle>();
        for (var i = 0; i < 40; i++)
        {
            var t = T0 + (Candle.Interval * i);
            if (i == 30)
            {
                bars.Add(Candle.Create(t, 50.8m, 51.2m, 50.6m, 51.0m, 3000m));
            }
            else if (i == 39)
            {
                bars.Add(Candle.Create(t, 50.48m, 50.52m, 50.42m, 50.52m, 1200m));
            }
            else
            {
                var open = 50m + (0.01m * i);
                var close = open + 0.01m;
                bars.Add(Candle.Create(t, open, close + 0.01m, open - 0.01m, close, 900m));
            }
        }
        return bars;
    }

    internal static InstrumentMarket Market(List<Candle> bars, double imbalance)
    {
        var market = new InstrumentMarket(Inst, isBenchmark: false);
        var book = new OrderBookSummary(bars[^1].Close - 0.01m, bars[^1].Close + 0.01m, 60_000m, 60_000m, 100_000m, 100_000m, imbalance);
        market.ApplySnapshot(new MarketSnapshot(Inst, bars, null, book, null, null, 10), null);
        return market;
    }

    internal static ScanResult Candidate(TradingLevel level, double score = 1.0) =>
        new(Inst.Id, score, 1, new Dictionary<string, FilterResult>(), new Dictionary<string, double>(), new ScanMetrics(), [level], T0);

    internal static TradingLevel Level(double price, LevelType type, int touches, double strength) => new()
    {
        Price = price,
        Type = type,
        TouchCount = touches,
        Strength = strength,
        FirstTouch = T0,
        LastTouch = T0,
    };

    [Fact]
    public void TheOriginalMomentumSeriesGivesALongMomentumSignal()
    {
        var bars = MomentumSeries();
        var market = Market(bars, 0.6);
        var generator = new SignalGenerator(new BreakoutHistory());
        var now = bars[^1].CloseTime;

        var signal = generator.Generate(Candidate(Level(100.0, LevelType.Resistance, 4, 0.9)), market, BreakoutV1, now);

        signal.ShouldNotBeNull();
        signal.Strategy.ShouldBe(SignalStrategy.Momentum);
        signal.Side.ShouldBe(PositionSide.Long);
        signal.Entry.ShouldBe(100.51m);
        signal.StopLoss.ShouldBeLessThan(signal.Entry);
        signal.Conditions["volume_surge"].Value.ShouldBe(5000d / 1200d, 1e-9);
        signal.Conditions["body_ratio"].Value.ShouldBe(0.75, 1e-9);
        signal.Conditions.Where(c => c.Value.Required).ShouldAllBe(c => c.Value.Passed);
        var risk = signal.Entry - signal.StopLoss;
        signal.TakeProfit1.ShouldBe(Inst.RoundPrice(signal.Entry + (risk * 1.5m)));
        signal.TakeProfit2.ShouldBe(Inst.RoundPrice(signal.Entry + (risk * 2.8m)));
        signal.Confidence.ShouldBeInRange(0.1, 1.0);
    }

    [Fact]
    public void MomentumNeedsTheVolumeSurge()
    {
        var bars = MomentumSeries();
        bars[^1] = bars[^1] with { Volume = 1300m };
        var market = Market(bars, 0.6);

        new SignalGenerator(new BreakoutHistory()).TryMomentum(Candidate(Level(100.0, LevelType.Resistance, 4, 0.9)), market, Level(100.0, LevelType.Resistance, 4, 0.9), BreakoutV1, bars[^1].CloseTime)
            .ShouldBeNull();
    }

    [Fact]
    public void MomentumNeedsTheCloseBeyondTheLevelByTheEpsilon()
    {
        // Every other condition of the original's case passes; only where the level sits decides.
        var bars = MomentumSeries();
        var market = Market(bars, 0.6);
        var close = (double)bars[^1].Close;
        var eps = BreakoutV1.SignalConfig.MomentumEpsilon;
        Signal? At(double price, LevelType type)
        {
            var level = Level(price, type, 4, 0.9);
            return new SignalGenerator(new BreakoutHistory()).TryMomentum(Candidate(level), market, level, BreakoutV1, bars[^1].CloseTime);
        }

        At(close / (1 + eps) * 0.9999, LevelType.Resistance).ShouldNotBeNull();
        At(close / (1 + eps) * 1.0001, LevelType.Resistance).ShouldBeNull("the close is not above the level by the epsilon");
        At(close, LevelType.Resistance).ShouldBeNull("a close at the level is no breakout");
        // A support under the close is no short breakout, however strong the bar.
        At(close * 0.99, LevelType.Support).ShouldBeNull();
    }

    [Fact]
    public void MomentumNeedsTheBookToLeanTheTradesWay()
    {
        var bars = MomentumSeries();
        var level = Level(100.0, LevelType.Resistance, 4, 0.9);

        new SignalGenerator(new BreakoutHistory()).TryMomentum(Candidate(level), Market(bars, -0.6), level, BreakoutV1, bars[^1].CloseTime)
            .ShouldBeNull("a long breakout into a book leaning to the sell side is not confirmed");
    }

    [Fact]
    public void TheOriginalRetestSeriesGivesALongRetestSignalFromItsRecordedBreakout()
    {
        var bars = RetestSeries();
        var market = Market(bars, 0.55);
        var history = new BreakoutHistory();
        history.Record(new BreakoutRecord(Inst.Id, 50.5, PositionSide.Long, bars[^12].Time));
        var generator = new SignalGenerator(history);

        var signal = generator.Generate(Candidate(Level(50.5, LevelType.Support, 5, 0.8)), market, BreakoutV1, bars[^1].CloseTime);

        signal.ShouldNotBeNull();
        signal.Strategy.ShouldBe(SignalStrategy.Retest);
        signal.Side.ShouldBe(PositionSide.Long);
        signal.StopLoss.ShouldBeLessThan(50.5m);
        signal.Conditions["level_retest"].Passed.ShouldBeTrue();
        signal.Conditions["breakout_min_age"].Value.ShouldBe(1.0, 1e-9); // 60 minutes after the recorded breakout
    }

    [Fact]
    public void ARetestThatClosesFarThroughTheLevelIsRejected()
    {
        var bars = RetestSeries();
        bars[^1] = Candle.Create(bars[^1].Time, 50.48m, 50.50m, 50.30m, 50.31m, 1200m);
        var market = Market(bars, 0.55);
        var history = new BreakoutHistory();
        history.Record(new BreakoutRecord(Inst.Id, 50.5, PositionSide.Long, bars[^13].Time));
        var level = Level(50.5, LevelType.Support, 5, 0.8);

        new SignalGenerator(history).TryRetest(Candidate(level), market, level, BreakoutV1, bars[^1].CloseTime).ShouldBeNull();
    }

    [Fact]
    public void RecordsABreakoutWhenACloseCrossesALevel()
    {
        var bars = MomentumSeries();
        var market = Market(bars, 0.6);
        var history = new BreakoutHistory();
        var generator = new SignalGenerator(history);
        var level = Level(100.35, LevelType.Resistance, 4, 0.9);

        generator.RecordBreakouts(Candidate(level), market, BreakoutV1);

        history.FindLatest(Inst.Id, 100.35, bars[^1].CloseTime).ShouldBeNull("a breakout is recorded at its bar's close: not before it");
        var found = history.FindLatest(Inst.Id, 100.35, bars[^1].CloseTime + Candle.Interval);
        found.ShouldNotBeNull();
        found.Side.ShouldBe(PositionSide.Long);
        history.FindLatest(Inst.Id, 100.35, bars[^1].CloseTime + TimeSpan.FromDays(8)).ShouldBeNull("breakouts are kept 7 days");
    }

    [Fact]
    public void SignalManagerDoesNotRepeatASignalForTheSameBreakout()
    {
        var bars = MomentumSeries();
        var market = Market(bars, 0.6);
        var source = new SingleMarket(market);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(bars[^1].CloseTime);
        var manager = new SignalManager(new SignalGenerator(new BreakoutHistory()), source, clock);
        var candidates = new[] { Candidate(Level(100.0, LevelType.Resistance, 4, 0.9)) };

        manager.Generate(candidates, BreakoutV1, clock.GetUtcNow()).Count.ShouldBe(1);
        manager.Generate(candidates, BreakoutV1, clock.GetUtcNow()).ShouldBeEmpty();
        manager.ActiveSignals.Count.ShouldBe(1);

        clock.Advance(TimeSpan.FromMinutes(BreakoutV1.SignalConfig.SignalTimeoutMinutes + 1));
        manager.Generate([], BreakoutV1, clock.GetUtcNow());
        manager.ActiveSignals.ShouldBeEmpty();
        manager.History.ShouldContain(r => r.Status == SignalStatus.Expired);
    }

    internal sealed class SingleMarket(InstrumentMarket market) : BreakoutBot.Domain.Abstractions.IMarketViewSource
    {
        public BreakoutBot.Domain.Abstractions.IMarketView? GetMarket(string instrumentId) => instrumentId == market.Instrument.Id ? market : null;
    }
}
