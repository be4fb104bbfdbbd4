using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// One instrument as the engine sees it now, copied for a chart: its last closed bars (times are bar closes, UTC),
/// the support/resistance levels it found on the newest bar, its open positions with their stops and targets, and the
/// signals (breakout momentum, retest) it generated on those bars with what became of them.
/// </summary>
public sealed record MarketChart(string InstrumentId, IReadOnlyList<ChartBar> Bars, IReadOnlyList<TradingLevel> Levels, IReadOnlyList<PositionSummary> Positions)
{
    public IReadOnlyList<Signals.SignalRecord> Signals { get; init; } = [];
}

/// <summary>A closed bar for a chart (close time; prices as doubles, for drawing only).</summary>
public readonly record struct ChartBar(DateTimeOffset Close, double Open, double High, double Low, double Last, double Volume);
