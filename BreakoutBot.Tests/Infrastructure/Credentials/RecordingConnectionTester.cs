using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Exchanges.Okx;

namespace BreakoutBot.Tests.Infrastructure.Credentials;

/// <summary>A connection tester that answers <see cref="Result"/> (or throws <see cref="Throw"/>) and keeps what it was given.</summary>
public sealed class RecordingConnectionTester : IOkxConnectionTester
{
    private readonly List<OkxCredentials> _calls = [];

    public OkxConnectionTestResult Result { get; set; } = OkxConnectionTestResult.Success("Balance read: 1 currency.");

    public Exception? Throw { get; set; }

    public IReadOnlyList<OkxCredentials> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public Task<OkxConnectionTestResult> TestAsync(OkxCredentials credentials, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add(credentials);
        }
        return Throw is { } ex ? Task.FromException<OkxConnectionTestResult>(ex) : Task.FromResult(Result);
    }
}
