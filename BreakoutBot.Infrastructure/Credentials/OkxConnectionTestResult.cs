namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>The outcome of a connection test: <see cref="Ok"/> and a message for the user (never a secret).</summary>
public sealed record OkxConnectionTestResult(bool Ok, string Message)
{
    public static OkxConnectionTestResult Success(string message) => new(true, message);

    public static OkxConnectionTestResult Failure(string message) => new(false, message);
}
