namespace BreakoutBot.Domain.Engine;

public sealed record StateChangedEvent(string EngineId, DateTimeOffset Time, StateTransition Transition) : EngineEvent(EngineId, Time);
