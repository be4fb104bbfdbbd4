namespace BreakoutBot.Web.Cli;

/// <summary>A command-line usage error; its message is shown to the user as is.</summary>
public sealed class CliException : Exception
{
    public CliException(string message) : base(message) { }

    public CliException() { }

    public CliException(string message, Exception inner) : base(message, inner) { }
}
