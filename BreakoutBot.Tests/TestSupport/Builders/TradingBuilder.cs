using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.TestSupport.Builders;

/// <summary>A paper exchange, one instrument's market state and a position manager wired together for tests.</summary>
public sealed class TradingBuilder : IMarketViewSource
{
    public static readonly DateTimeOffset Start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public TradingBuilder(decimal slippageBps = 0m, decimal feeBps = 0m, decimal balance = 10_000m, Instrument? instrument = null)
    {
        Instrument = instrument ?? new Instrument("TEST-USDT-SWAP", InstrumentKind.Swap, 0.01m, 0.0001m, 0.0001m, 1m);
        Clock = new FakeTimeProvider(Start);
        Paper = new PaperExchangeClient([Instrument], Clock, new PaperExchangeOptions
        {
            StartingBalance = balance,
            SlippageBps = slippageBps,
            TakerFeeBps = feeBps,
            MakerFeeBps = feeBps,
            Leverage = 10m,
        });
        Market = new InstrumentMarket(Instrument, isBenchmark: false);
        Execution = new ExecutionManager(Paper, Clock);
        Positions = new PositionManager(Paper, Execution, this, Clock);
    }

    public Instrument Instrument { get; }
    public FakeTimeProvider Clock { get; }
    public PaperExchangeClient Paper { get; }
    public InstrumentMarket Market { get; }
    public ExecutionManager Execution { get; }
    public PositionManager Positions { get; }

    public IMarketView? GetMarket(string instrumentId) => instrumentId == Instrument.Id ? Market : null;

    /// <summary>Closes one 5-minute bar: the clock moves to its close, the exchange evaluates resting orders, the market state adds it.</summary>
    public Candle Bar(decimal open, decimal high, decimal low, decimal close, decimal volume = 1_000m)
    {
        var time = Market.LastCandle is { } last ? last.Time + Candle.Interval : Start;
        var candle = Candle.Create(time, open, high, low, close, volume);
        Clock.SetUtcNow(candle.CloseTime);
        Paper.OnCandle(Instrument.Id, candle);
        Market.Add(candle);
        return candle;
    }

    /// <summary>
    /// A live trade between bar closes, <paramref name="after"/> (1 s) after the last one: the exchange marks the instrument
    /// at it (resting orders trigger on it) and the market state gets it as its ticker, newer than the last bar's close.
    /// </summary>
    public void Tick(decimal price, TimeSpan? after = null)
    {
        Clock.Advance(after ?? TimeSpan.FromSeconds(1));
        Paper.SetMarkPrice(Instrument.Id, price);
        Market.ApplyBars([], new Ticker(Instrument.Id, price, price, price, 0m, Clock.GetUtcNow()), null, null, null);
    }

    public static TradingPreset Preset(Func<PositionConfig, PositionConfig>? position = null)
    {
        var preset = PresetCatalog.Get("breakout_v1");
        return position is null ? preset : preset with { PositionConfig = position(preset.PositionConfig) };
    }

    public Signal Signal(PositionSide side, decimal entry, decimal stop, decimal tp1 = 0m, decimal tp2 = 0m) =>
        SignalOn(Instrument.Id, Clock.GetUtcNow(), side, entry, stop, tp1, tp2);

    /// <summary>A momentum signal on any instrument, created at <paramref name="now"/>.</summary>
    public static Signal SignalOn(string instrumentId, DateTimeOffset now, PositionSide side, decimal entry, decimal stop, decimal tp1 = 0m, decimal tp2 = 0m)
    {
        var level = new TradingLevel
        {
            Price = (double)entry,
            Type = side == PositionSide.Long ? LevelType.Resistance : LevelType.Support,
            TouchCount = 3,
            Strength = 0.8,
            FirstTouch = Start,
            LastTouch = Start,
        };
        return new Signal("sig-test", instrumentId, side, SignalStrategy.Momentum, entry, stop, tp1, tp2, 0.7, level,
            new Dictionary<string, ConditionResult>(), 1.0, 0.0, now, now.AddMinutes(15));
    }

    public ApprovedEntry Approved(PositionSide side, decimal entry, decimal stop, decimal quantity) =>
        new(Signal(side, entry, stop), quantity, quantity * entry, quantity * Math.Abs(entry - stop), Clock.GetUtcNow());
}
