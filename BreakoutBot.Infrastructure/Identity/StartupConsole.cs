namespace BreakoutBot.Infrastructure.Identity;

/// <summary>Writes to the process's standard output.</summary>
public sealed class StartupConsole : IStartupConsole
{
    public void WriteLine(string message)
    {
        Console.Out.WriteLine(message);
        Console.Out.Flush();
    }
}
