using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Web.Api;

/// <summary>The commands' names on the wire (<c>start</c>, <c>emergency-stop</c>, …), as in the routes.</summary>
public static class ApiCommandNames
{
    public static IReadOnlyList<EngineCommand> All { get; } = Enum.GetValues<EngineCommand>();

    public static string Name(EngineCommand command) => command.ToWireName();

    /// <summary>Parses a wire name; the original's <c>emergency_stop</c>/<c>kill_switch</c> spellings are accepted too.</summary>
    public static bool TryParse(string? text, out EngineCommand command)
    {
        var key = (text ?? "").Trim().ToLowerInvariant().Replace('_', '-');
        foreach (var c in All)
        {
            if (Name(c) == key)
            {
                command = c;
                return true;
            }
        }
        command = default;
        return false;
    }
}
