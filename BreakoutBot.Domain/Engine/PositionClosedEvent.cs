using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Engine;

public sealed record PositionClosedEvent(string EngineId, DateTimeOffset Time, Position Position) : EngineEvent(EngineId, Time);
