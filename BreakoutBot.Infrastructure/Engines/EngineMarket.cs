using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// One engine's own market: its replay clock, market-data provider and paper account, moved one bar at a time.
/// Not thread-safe: only the engine's cycle job steps it (Quartz never runs two cycles of one engine at once).
/// </summary>
public sealed class EngineMarket : IEngineMarket
{
    private readonly ReplayStepper _stepper;
    private readonly IReadOnlyList<DateTimeOffset> _timeline;
    private int _next;

    /// <param name="resumeAt">After a restart: start at the first bar closing at or after this time instead of the warm-up bar.</param>
    /// <param name="execution">The execution settings of the engine's preset: the paper account charges its fees (ADR-007).</param>
    /// <param name="funding">The data set's funding settlements (its <c>funding/</c> files); without, the flat rate.</param>
    public EngineMarket(MarketDataSet data, decimal startingBalance, TimeSpan barInterval, int warmupBars, DateTimeOffset? resumeAt = null,
        ExecutionConfig? execution = null, IFundingSchedule? funding = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var first = data.Candles.Values.Where(c => c.Count > 0).Min(c => c[0].Time);
        Clock = new ReplayClock(first);
        Provider = new ReplayMarketDataProvider(data.Instruments, data.Candles, Clock);
        var paperOptions = new PaperExchangeOptions { StartingBalance = startingBalance };
        Paper = ReplayPaper.Create(data.Instruments, Clock, Provider, execution is null ? paperOptions : paperOptions.WithFees(execution));
        if (funding is not null)
        {
            Paper.UseFundingSchedule(funding);
        }
        _stepper = new ReplayStepper(Clock, Provider, Paper, data.Instruments);
        _timeline = Provider.Timeline;
        Description = data.Description;
        InstrumentIds = data.Instruments.Select(i => i.Id).ToList();
        BarInterval = barInterval;
        if (_timeline.Count > 0)
        {
            // Jump straight to the warm-up bar: the scanner reads the history up to the clock on its first scan.
            _next = Math.Clamp(warmupBars, 0, _timeline.Count - 1);
            if (resumeAt is { } resume)
            {
                var i = 0;
                while (i < _timeline.Count - 1 && _timeline[i] < resume)
                {
                    i++;
                }
                _next = Math.Max(_next, i);
            }
            _stepper.StepTo(_timeline[_next]);
            _next++;
        }
    }

    public ReplayClock Clock { get; }

    public ReplayMarketDataProvider Provider { get; }

    public PaperExchangeClient Paper { get; }

    PaperExchangeClient? IEngineMarket.Paper => Paper;

    TimeProvider IEngineMarket.Clock => Clock;

    IMarketDataProvider IEngineMarket.Provider => Provider;

    public IExchangeClient Exchange => Paper;

    public bool IsReplay => true;

    /// <summary>Null: a replay's benchmark is the first instrument whose base currency is BTC.</summary>
    public string? BenchmarkInstrumentId => null;

    event Action? IEngineMarket.Reconnected
    {
        add { }
        remove { }
    }

    event Action? IEngineMarket.ExchangeActivity
    {
        add { }
        remove { }
    }

    public string Description { get; }

    public IReadOnlyList<string> InstrumentIds { get; }

    /// <summary>Wall-clock time per replayed bar (the replay speed).</summary>
    public TimeSpan? BarInterval { get; }

    public int BarsReplayed => _next;

    public int TotalBars => _timeline.Count;

    public bool Finished => _next >= _timeline.Count;

    public ValueTask<bool> AdvanceAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(TryStep());

    public void Dispose()
    {
        // Nothing to release: the replay lives in memory.
    }

    /// <summary>Moves the market to the next bar close; false when the data has run out.</summary>
    public bool TryStep()
    {
        if (Finished)
        {
            return false;
        }
        _stepper.StepTo(_timeline[_next]);
        _next++;
        return true;
    }
}
