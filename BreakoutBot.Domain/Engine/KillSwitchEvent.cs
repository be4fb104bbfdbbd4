using BreakoutBot.Domain.Risk;

namespace BreakoutBot.Domain.Engine;

public sealed record KillSwitchEvent(string EngineId, DateTimeOffset Time, KillSwitchState KillSwitch) : EngineEvent(EngineId, Time);
