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

public static class EngineCommands
{
    /// <summary>The command's name on the wire and in the API's routes: <c>start</c>, <c>emergency-stop</c>, <c>kill-switch</c>, …</summary>
    public static string ToWireName(this EngineCommand command) => command switch
    {
        EngineCommand.EmergencyStop => "emergency-stop",
        EngineCommand.KillSwitch => "kill-switch",
        _ => command.ToString().ToLowerInvariant(),
    };
}
