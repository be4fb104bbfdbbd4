using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>Captures every formatted log message (and exception text) of an app under test.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, _messages);

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(string category, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            messages.Enqueue(category + ": " + formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
        }
    }
}
