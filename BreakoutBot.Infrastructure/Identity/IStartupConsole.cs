namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// Writes a message for the operator straight to the console, bypassing logging, so a one-time secret (the generated
/// first admin password) never reaches log files or log sinks.
/// </summary>
public interface IStartupConsole
{
    void WriteLine(string message);
}
