using System.Collections.Concurrent;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Tests.Infrastructure.Identity;

/// <summary>
/// Ending a user's sessions reaches every open connection of theirs; one that went away meanwhile is no warning in the
/// operator's log, while a check that truly fails still is.
/// </summary>
public sealed class SessionRevocationsTests
{
    [Fact]
    public async Task AConnectionThatClosedWhileBeingCheckedIsNotLoggedAsAFailureButARealFailureIs()
    {
        var logger = new LevelLogger();
        var revocations = new SessionRevocations(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), logger);
        var called = new ConcurrentBag<string>();
        using var gone = revocations.Watch("user-1", () => { called.Add("gone"); throw new ObjectDisposedException("circuit"); });
        using var cancelled = revocations.Watch("user-1", () => { called.Add("cancelled"); return Task.FromCanceled(new CancellationToken(true)); });
        using var broken = revocations.Watch("user-1", () => { called.Add("broken"); throw new InvalidOperationException("store unreachable"); });
        using var other = revocations.Watch("user-2", () => { called.Add("other user"); return Task.CompletedTask; });

        revocations.Revoke("user-1");

        await Eventually.WaitUntilAsync(() => logger.Entries.Count(e => e.Level == LogLevel.Debug) == 2 && logger.Entries.Any(e => e.Level == LogLevel.Warning),
            "the three watchers of user-1 have run and been logged");
        called.ShouldBe(["gone", "cancelled", "broken"], ignoreOrder: true);
        var warning = logger.Entries.Where(e => e.Level == LogLevel.Warning).ShouldHaveSingleItem();
        warning.Exception.ShouldBeOfType<InvalidOperationException>();
        logger.Entries.Where(e => e.Level == LogLevel.Debug).Select(e => e.Message)
            .ShouldAllBe(m => m.StartsWith("A live connection of user user-1 closed while it was being checked", StringComparison.Ordinal));
    }

    private sealed class LevelLogger : ILogger<SessionRevocations>
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> _entries = new();

        public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries => [.. _entries];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
