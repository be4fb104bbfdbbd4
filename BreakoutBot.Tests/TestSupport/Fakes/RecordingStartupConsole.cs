using System.Collections.Concurrent;
using BreakoutBot.Infrastructure.Identity;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>Captures what the app writes to the operator's console.</summary>
public sealed class RecordingStartupConsole : IStartupConsole
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public void WriteLine(string message) => _lines.Enqueue(message);
}
