using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Persistence.Events;

/// <summary>One execution, for persistence (published by whoever watches the engine's exchange; stored once per fill id).</summary>
public sealed record FillRecordedEvent(string EngineId, DateTimeOffset Time, Fill Fill) : EngineEvent(EngineId, Time);
