using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Positions;

/// <summary>
/// The price positions are marked and judged at: the freshest the engine has. A live market's ticker trades between bar
/// closes; a replay knows only its bars (its ticker is the bar's close at the bar's close time), so a replay is marked
/// at the close exactly as before live prices were read.
/// </summary>
public sealed partial class PositionManager
{
    /// <summary>
    /// Marks the position at the last closed bar (its close, high and low), then at the live last trade when one is newer
    /// than that bar: a tick through the stop or the TP1 level between bar closes counts at once, and a TP1 filled on a
    /// tick is not judged against the close of the bar before it. Only a bar that began once the position was open moves its
    /// best price: the high and low of the bar the entry was filled in (or after) may come from before the fill.
    /// </summary>
    private static void MarkToMarket(Position position, IMarketView market)
    {
        if (market.LastCandle is { } bar)
        {
            var afterEntry = position.OpenedAt is not { } opened || bar.Time >= opened;
            position.Mark(bar.Close, afterEntry ? bar.High : 0m, afterEntry ? bar.Low : 0m);
        }
        if (market.LiveLastPrice is { } live)
        {
            position.Mark(live, live, live);
        }
    }
}
