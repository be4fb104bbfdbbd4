using BreakoutBot.Domain.Signals;

namespace BreakoutBot.Domain.Engine;

public sealed record SignalEvent(string EngineId, DateTimeOffset Time, Signal Signal, SignalStatus Status, string? Reason) : EngineEvent(EngineId, Time);
