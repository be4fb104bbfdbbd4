namespace BreakoutBot.Domain.Engine;

public enum EngineCommand
{
    Start = 0,
    Stop = 1,
    Pause = 2,
    Resume = 3,
    Reload = 4,
    EmergencyStop = 5,
    KillSwitch = 6,
    Reset = 7,
}
