using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// Moves a replay to the next bar close: the clock first, then the paper exchange sees each instrument's bar that
/// closes at that time (so resting stops and take-profits trigger on its high and low before the engine looks).
/// </summary>
public sealed class ReplayStepper
{
    private readonly ReplayClock _clock;
    private readonly PaperExchangeClient[] _papers;
    private readonly string[] _ids;
    private readonly ReplayBarCursor[] _cursors;
    // The bars closing at the current step and their instruments, handed to each paper account at once.
    private readonly string[] _stepIds;
    private readonly Candle[] _stepBars;

    public ReplayStepper(ReplayClock clock, ReplayMarketDataProvider provider, PaperExchangeClient paper, IReadOnlyList<Instrument> instruments)
        : this(clock, provider, [paper], instruments)
    {
    }

    /// <summary>A stepper feeding several paper accounts the same bars (replays run together, see <see cref="ReplayRunner.RunGroupAsync"/>).</summary>
    public ReplayStepper(ReplayClock clock, ReplayMarketDataProvider provider, PaperExchangeClient[] papers, IReadOnlyList<Instrument> instruments)
    {
        ArgumentNullException.ThrowIfNull(papers);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(instruments);
        _clock = clock;
        _papers = papers;
        _ids = instruments.Select(i => i.Id).ToArray();
        _cursors = _ids.Select(provider.CursorFor).ToArray();
        _stepIds = new string[_ids.Length];
        _stepBars = new Candle[_ids.Length];
    }

    /// <summary>Steps to <paramref name="closeTime"/>; returns how many instruments had a bar closing then.</summary>
    public int StepTo(DateTimeOffset closeTime)
    {
        _clock.SetUtcNow(closeTime);
        var bars = 0;
        for (var i = 0; i < _cursors.Length; i++)
        {
            if (_cursors[i].TryGetClosingAt(closeTime, out _stepBars[bars]))
            {
                _stepIds[bars++] = _ids[i];
            }
        }
        foreach (var paper in _papers)
        {
            paper.OnCandles(_stepIds.AsSpan(0, bars), _stepBars.AsSpan(0, bars));
        }
        return bars;
    }
}
