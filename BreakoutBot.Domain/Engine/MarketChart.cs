using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// One instrument as the engine sees it now, copied for a chart: its last closed bars (times are bar closes, UTC),
/// the support/resistance levels it found on the newest bar, and its open positions with their stops and targets.
/// </summary>
public sealed record MarketChart(string InstrumentId, IReadOnlyList<ChartBar> Bars, IReadOnlyList<TradingLevel> Levels, IReadOnlyList<PositionSummary> Positions);

/// <summary>A closed bar for a chart (close time; prices as doubles, for drawing only).</summary>
public readonly record struct ChartBar(DateTimeOffset Close, double Open, double High, double Low, double Last, double Volume);
