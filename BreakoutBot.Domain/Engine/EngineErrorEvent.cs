using BreakoutBot.Domain.Engine.Errors;

namespace BreakoutBot.Domain.Engine;

public sealed record EngineErrorEvent(string EngineId, DateTimeOffset Time, ErrorDecision Decision) : EngineEvent(EngineId, Time);
