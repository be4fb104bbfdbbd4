using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Persistence.Events;

/// <summary>An engine's equity and cash at <see cref="EngineEvent.Time"/> (e.g. from the status-cache refresh), for the equity chart.</summary>
public sealed record EquitySnapshotEvent(string EngineId, DateTimeOffset Time, decimal Equity, decimal Cash) : EngineEvent(EngineId, Time);
