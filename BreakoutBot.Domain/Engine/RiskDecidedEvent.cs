using BreakoutBot.Domain.Risk;

namespace BreakoutBot.Domain.Engine;

/// <summary>The SIZING phase's verdict on one signal: approved with its size, or refused with the reason.</summary>
public sealed record RiskDecidedEvent(string EngineId, DateTimeOffset Time, RiskDecision Decision) : EngineEvent(EngineId, Time);
