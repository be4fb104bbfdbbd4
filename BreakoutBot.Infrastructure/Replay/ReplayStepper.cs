using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.MarketData;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// Moves a replay to the next bar close: the clock first, then the paper exchange sees each instrument's bar that
/// closes at that time (so resting stops and take-profits trigger on its high and low before the engine looks).
/// </summary>
public sealed class ReplayStepper(ReplayClock clock, ReplayMarketDataProvider provider, PaperExchangeClient paper, IReadOnlyList<Instrument> instruments)
{
    /// <summary>Steps to <paramref name="closeTime"/>; returns how many instruments had a bar closing then.</summary>
    public int StepTo(DateTimeOffset closeTime)
    {
        clock.SetUtcNow(closeTime);
        var bars = 0;
        foreach (var instrument in instruments)
        {
            if (provider.TryGetCandleClosingAt(instrument.Id, closeTime, out var bar))
            {
                paper.OnCandle(instrument.Id, bar);
                bars++;
            }
        }
        return bars;
    }
}
