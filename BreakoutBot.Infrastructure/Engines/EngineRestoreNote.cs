using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>What the dashboard says about an engine rebuilt after a restart, or taken over from another cluster node (<paramref name="Move"/>).</summary>
public sealed record EngineRestoreNote(DateTimeOffset At, TradingState LastState, TradingState RestoredState, int OpenPositions, int RestingOrders, DateTimeOffset? MarketResumedAt, EngineMove? Move = null);
