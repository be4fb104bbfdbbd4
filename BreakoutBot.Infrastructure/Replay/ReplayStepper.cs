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
    private readonly ReplayBarCursor[] _cursors;
    // Each paper account's state of each instrument, resolved once: [paper][instrument].
    private readonly PaperExchangeClient.PaperMarket[][] _markets;
    // The bars closing at the current step and, per paper account, their instruments' states, handed over at once.
    private readonly int[] _stepInstruments;
    private readonly Candle[] _stepBars;
    private readonly PaperExchangeClient.PaperMarket[] _stepMarkets;

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
        var ids = instruments.Select(i => i.Id).ToArray();
        _cursors = ids.Select(provider.CursorFor).ToArray();
        _markets = papers.Select(paper => ids.Select(paper.MarketFor).ToArray()).ToArray();
        _stepInstruments = new int[ids.Length];
        _stepBars = new Candle[ids.Length];
        _stepMarkets = new PaperExchangeClient.PaperMarket[ids.Length];
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
                _stepInstruments[bars++] = i;
            }
        }
        for (var p = 0; p < _papers.Length; p++)
        {
            var markets = _markets[p];
            for (var b = 0; b < bars; b++)
            {
                _stepMarkets[b] = markets[_stepInstruments[b]];
            }
            _papers[p].OnCandles(_stepMarkets.AsSpan(0, bars), _stepBars.AsSpan(0, bars));
        }
        return bars;
    }
}
