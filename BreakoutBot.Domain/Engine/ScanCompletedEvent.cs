using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Domain.Engine;

public sealed record ScanCompletedEvent(string EngineId, DateTimeOffset Time, ScanOutcome Scan) : EngineEvent(EngineId, Time);
