using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Engines.Push;

/// <summary>
/// The registry's cached status of an engine changed (a cycle, a command, the 2-second status job) or its background
/// command moved on. Published to the <see cref="EngineEventBroadcaster"/> only, never stored.
/// </summary>
public sealed record EngineStatusChangedEvent(string EngineId, DateTimeOffset Time, EngineStatus Status, EngineCommandProgress? Command)
    : EngineEvent(EngineId, Time);
