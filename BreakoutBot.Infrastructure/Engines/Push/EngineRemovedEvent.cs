using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Engines.Push;

/// <summary>An engine left the registry (removed by its owner or an Admin). Published to the <see cref="EngineEventBroadcaster"/> only.</summary>
public sealed record EngineRemovedEvent(string EngineId, DateTimeOffset Time) : EngineEvent(EngineId, Time);
