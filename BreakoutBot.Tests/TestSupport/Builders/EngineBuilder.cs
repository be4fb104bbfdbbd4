using System.Collections.Concurrent;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Engine.Errors;
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
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Tests.TestSupport.Fakes;

namespace BreakoutBot.Tests.TestSupport.Builders;

/// <summary>
/// A full engine (wired like <c>EngineAssembly</c>) on a generated market with a paper exchange behind a
/// <see cref="FaultyExchange"/>, driven bar by bar like the replay runner: the clock moves to the bar close, the paper
/// exchange sees each instrument's bar, then the engine runs. Every component is exposed for assertions.
/// </summary>
public sealed class EngineBuilder : IDisposable
{
    private static readonly ConcurrentDictionary<(int Seed, int Count, int Bars), Lazy<GeneratedMarket>> Markets = new();
    private int _manualSignals;

    public EngineBuilder(int seed = 42, int instruments = 6, int bars = 400, decimal balance = 10_000m, ErrorHandlerOptions? errorOptions = null)
    {
        Market = Markets.GetOrAdd((seed, instruments, bars), k => new Lazy<GeneratedMarket>(() => MarketGenerator.Generate(
            new MarketGeneratorOptions { Seed = k.Seed, InstrumentCount = k.Count, BarsPerInstrument = k.Bars }))).Value;
        var first = Market.Candles.Values.Min(c => c[0].Time);
        Clock = new ReplayClock(first);
        Provider = new ReplayMarketDataProvider(Market.Instruments, Market.Candles, Clock);
        Paper = new PaperExchangeClient(Market.Instruments, Clock, new PaperExchangeOptions { StartingBalance = balance });
        Exchange = new FaultyExchange(Paper);
        Presets = new TestPresetSource();
        Scanning = new ScanningManager(Provider);
        Signals = new SignalManager(new SignalGenerator(new BreakoutHistory()), Scanning, Clock);
        Risk = new RiskManager();
        RecordingRisk = new RecordingRiskManager(Risk);
        Execution = new ExecutionManager(Exchange, Clock, "bbtest");
        Positions = new PositionManager(Exchange, Execution, Scanning, Clock);
        Errors = new ErrorHandler(Clock, errorOptions, new Random(17));
        Engine = new TradingEngine("test", Scanning, Signals, RecordingRisk, Execution, Positions, Exchange, Errors, Presets, Clock);
    }

    public GeneratedMarket Market { get; }
    public ReplayClock Clock { get; }
    public ReplayMarketDataProvider Provider { get; }
    public PaperExchangeClient Paper { get; }
    public FaultyExchange Exchange { get; }
    public TestPresetSource Presets { get; }
    public ScanningManager Scanning { get; }
    public SignalManager Signals { get; }
    public RiskManager Risk { get; }
    public RecordingRiskManager RecordingRisk { get; }
    public ExecutionManager Execution { get; }
    public PositionManager Positions { get; }
    public ErrorHandler Errors { get; }
    public TradingEngine Engine { get; }

    /// <summary>Index into the provider's timeline of the next bar close to step to.</summary>
    public int NextBar { get; private set; }

    public bool HasMoreBars => NextBar < Provider.Timeline.Count;

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>breakout_v1 with the risk section changed by <paramref name="risk"/>.</summary>
    public static TradingPreset Preset(Func<RiskConfig, RiskConfig>? risk = null)
    {
        var preset = PresetCatalog.Get("breakout_v1");
        return risk is null ? preset : preset with { Risk = risk(preset.Risk) };
    }

    public Instrument Instrument(int index) => Market.Instruments[index];

    public decimal LastPrice(string instrumentId) => Paper.GetMarkPrice(instrumentId) ?? throw new InvalidOperationException("No price yet for " + instrumentId);

    /// <summary>Moves the clock to the next bar close and feeds every instrument's bar to the paper exchange (no engine cycle).</summary>
    public DateTimeOffset AdvanceBar()
    {
        var close = Provider.Timeline[NextBar++];
        Clock.SetUtcNow(close);
        foreach (var instrument in Market.Instruments)
        {
            if (Provider.TryGetCandleClosingAt(instrument.Id, close, out var bar))
            {
                Paper.OnCandle(instrument.Id, bar);
            }
        }
        return close;
    }

    public void AdvanceBars(int count)
    {
        for (var i = 0; i < count; i++)
        {
            AdvanceBar();
        }
    }

    /// <summary>One replay step: next bar, then cycles until the engine rests.</summary>
    public async Task<CycleResult> StepAsync(int maxCycles = 12)
    {
        AdvanceBar();
        return await Engine.RunUntilRestAsync(maxCycles, Ct);
    }

    public async Task StepAsync(int bars, Action<TradingEngine>? afterEachCycle)
    {
        for (var i = 0; i < bars && HasMoreBars; i++)
        {
            AdvanceBar();
            for (var n = 0; n < 12; n++)
            {
                var r = await Engine.RunCycleAsync(Ct);
                afterEachCycle?.Invoke(Engine);
                if (!r.ContinueImmediately)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Steps bars one cycle at a time and stops right after the cycle at which <paramref name="done"/> holds.</summary>
    public async Task<bool> RunCyclesUntilAsync(Func<TradingEngine, bool> done, int maxBars)
    {
        for (var i = 0; i < maxBars && HasMoreBars; i++)
        {
            AdvanceBar();
            for (var n = 0; n < 12; n++)
            {
                var r = await Engine.RunCycleAsync(Ct);
                if (done(Engine))
                {
                    return true;
                }
                if (!r.ContinueImmediately)
                {
                    break;
                }
            }
        }
        return false;
    }

    /// <summary>Puts <paramref name="preset"/> (default breakout_v1) in the preset source and starts the engine in paper mode on it.</summary>
    public async Task<CommandResult> StartAsync(TradingPreset? preset = null)
    {
        preset ??= Preset();
        Presets.Put(preset);
        if (NextBar == 0)
        {
            AdvanceBar();
        }
        return await Engine.StartAsync(preset.Name, TradingMode.Paper, Ct);
    }

    /// <summary>
    /// Brings a fresh engine into <paramref name="target"/> with real commands and transitions the table allows
    /// (mid-pipeline states are walked to along the pipeline). Idle is the fresh engine itself.
    /// </summary>
    public async Task EnterStateAsync(TradingState target)
    {
        if (Engine.State != TradingState.Idle)
        {
            throw new InvalidOperationException("EnterStateAsync needs a fresh engine.");
        }
        if (target == TradingState.Idle)
        {
            return;
        }
        (await StartAsync()).Success.ShouldBeTrue();
        switch (target)
        {
            case TradingState.Initializing:
                (await Engine.StopAsync(cancellationToken: Ct)).Success.ShouldBeTrue();
                await MoveAsync(TradingState.Initializing);
                break;
            case TradingState.Scanning:
                break;
            case TradingState.LevelBuilding:
            case TradingState.SignalWait:
            case TradingState.Sizing:
            case TradingState.Execution:
                foreach (var s in new[] { TradingState.LevelBuilding, TradingState.SignalWait, TradingState.Sizing, TradingState.Execution })
                {
                    await MoveAsync(s);
                    if (s == target)
                    {
                        break;
                    }
                }
                break;
            case TradingState.Managing:
            case TradingState.Error:
                await MoveAsync(target);
                break;
            case TradingState.Paused:
                (await Engine.PauseAsync(cancellationToken: Ct)).Success.ShouldBeTrue();
                break;
            case TradingState.Emergency:
                (await Engine.EmergencyStopAsync("test", cancellationToken: Ct)).Success.ShouldBeTrue();
                break;
            case TradingState.Stopped:
                (await Engine.StopAsync(cancellationToken: Ct)).Success.ShouldBeTrue();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown state.");
        }
        Engine.State.ShouldBe(target);
    }

    /// <summary>
    /// Opens a position directly through the position manager (as if SIZING had approved it): a market entry of about
    /// <paramref name="notional"/> USD at the current price with the stop <paramref name="stopFraction"/> away.
    /// </summary>
    public async Task<Position> OpenPositionAsync(int instrumentIndex, PositionSide side, decimal notional, decimal stopFraction)
    {
        var instrument = Instrument(instrumentIndex);
        var price = LastPrice(instrument.Id);
        var qty = instrument.RoundQuantityDown(notional / price);
        var stop = side == PositionSide.Long
            ? instrument.RoundPriceDown(price * (1m - stopFraction))
            : instrument.RoundPriceUp(price * (1m + stopFraction));
        var signal = MakeSignal("manual-" + Interlocked.Increment(ref _manualSignals), instrument.Id, side, price, stop, 0d, Clock.GetUtcNow());
        var entry = new ApprovedEntry(signal, qty, qty * price, qty * Math.Abs(price - stop), Clock.GetUtcNow());
        var position = await Positions.OpenAsync(entry, Engine.Preset ?? Preset(), Ct);
        position.ShouldNotBeNull();
        position.IsOpen.ShouldBeTrue();
        return position;
    }

    public static Signal MakeSignal(string id, string instrumentId, PositionSide side, decimal entry, decimal stop, double btcCorrelation, DateTimeOffset at)
    {
        var level = new TradingLevel
        {
            Price = (double)entry,
            Type = side == PositionSide.Long ? LevelType.Resistance : LevelType.Support,
            TouchCount = 3,
            Strength = 0.8,
            FirstTouch = at,
            LastTouch = at,
        };
        var risk = Math.Abs(entry - stop);
        var dir = side == PositionSide.Long ? 1m : -1m;
        return new Signal(id, instrumentId, side, SignalStrategy.Momentum, entry, stop, entry + (dir * risk * 1.5m), entry + (dir * risk * 2.8m),
            0.7, level, new Dictionary<string, ConditionResult>(), (double)risk, btcCorrelation, at, at.AddMinutes(15));
    }

    public void Dispose() => Engine.Dispose();

    private async Task MoveAsync(TradingState state)
    {
        var r = Engine.StateMachine.TransitionTo(state, "test setup");
        r.Succeeded.ShouldBeTrue(r.Message);
    }
}
