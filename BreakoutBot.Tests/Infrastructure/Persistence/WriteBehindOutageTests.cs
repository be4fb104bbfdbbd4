using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static BreakoutBot.Tests.Infrastructure.Persistence.PersistenceTestData;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

/// <summary>
/// The database cannot take writes for a while (another process holds its lock, the disk is full): the write-behind
/// queue keeps every event, counts the retries, says why, and writes everything once the database is back.
/// </summary>
public sealed class WriteBehindOutageTests
{
    private const string Engine = "engine-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EngineEventWriter Writer(IDbContextFactory<BreakoutBotDbContext> contexts) =>
        new(contexts, Options.Create(new WriteBehindOptions { FlushIntervalMs = 10, RetryBaseDelayMs = 20, RetryMaxDelayMs = 200 }),
            TimeProvider.System, NullLogger<EngineEventWriter>.Instance);

    [Fact]
    public async Task ALockedDatabaseKeepsEveryEventAndWritesThemAllOnceTheLockIsReleased()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var contexts = new FaultableDatabase(database, busyTimeoutSeconds: 1);
        using var writer = Writer(contexts);
        await writer.StartAsync(Ct);

        // Another process takes the write lock of the file and keeps it.
        await using var other = new SqliteConnection("Data Source=" + database.FilePath);
        await other.OpenAsync(Ct);
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync(Ct);
        }
        for (var i = 0; i < 50; i++)
        {
            writer.Publish(Transition(Engine, i));
        }

        await Eventually.WaitUntilAsync(() => writer.Retries >= 2, "two retries against the locked database", TimeSpan.FromSeconds(30));
        writer.LastError.ShouldNotBeNull().ShouldContain("locked");
        writer.Written.ShouldBe(0);
        writer.Failed.ShouldBe(0, "a locked database is an outage, not a bad event");
        writer.Dropped.ShouldBe(0);
        (writer.Held + writer.QueueDepth).ShouldBe(50, "every event is still held or queued");

        await using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync(Ct);
        }
        await Eventually.WaitUntilAsync(() => writer.Written == 50, "all 50 events written after the lock is released");
        writer.LastError.ShouldBeNull();
        writer.Held.ShouldBe(0);
        writer.Failed.ShouldBe(0);
        await writer.StopAsync(Ct);
        await using var db = await database.OpenAsync();
        (await db.StateTransitions.OrderBy(t => t.Id).Select(t => t.Reason).ToListAsync(Ct))
            .ShouldBe(Enumerable.Range(0, 50).Select(i => "step " + i), "each event once, in order");
    }

    [Fact]
    public async Task AFullDiskIsRetriedAsAnOutageWhileABadEventStillCostsOnlyItself()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var contexts = new FaultableDatabase(database);
        using var writer = Writer(contexts);
        contexts.Fail(() => new IOException("No space left on device"));
        await writer.StartAsync(Ct);

        writer.Publish(Transition(Engine, 1));
        writer.Publish(new SignalEvent(Engine, T0, Signal("bad") with { InstrumentId = null! }, SignalStatus.Active, null));
        writer.Publish(Transition(Engine, 2));
        await Eventually.WaitUntilAsync(() => contexts.Refused >= 3, "three refused saves");
        writer.LastError.ShouldBe("IOException: No space left on device");
        writer.Failed.ShouldBe(0);

        contexts.Heal();
        await Eventually.WaitUntilAsync(() => writer.Written == 2 && writer.Failed == 1, "the two good events written and the bad one refused");
        writer.LastError.ShouldBeNull();
        writer.Retries.ShouldBeGreaterThanOrEqualTo(3);
        await writer.StopAsync(Ct);
        await using var db = await database.OpenAsync();
        (await db.StateTransitions.CountAsync(Ct)).ShouldBe(2);
        (await db.Signals.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task AShutdownWhileTheDatabaseStaysDownEndsAtItsDeadlineInsteadOfRetryingForever()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var contexts = new FaultableDatabase(database);
        using var writer = Writer(contexts);
        contexts.Fail(() => new IOException("No space left on device"));
        await writer.StartAsync(Ct);
        writer.Publish(Transition(Engine, 1));
        await Eventually.WaitUntilAsync(() => writer.Retries >= 1, "a failed write");

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await writer.StopAsync(deadline.Token);

        writer.Written.ShouldBe(0);
        writer.Failed.ShouldBe(0, "an outage never turns events into refused ones");
    }

    [Fact]
    public async Task TheWaitBeforeARetryRunsOnTheInjectedClock()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var contexts = new FaultableDatabase(database);
        var clock = new FakeTimeProvider(T0);
        // An hour between retries: only the injected clock can make the second attempt come within the test's deadline.
        using var writer = new EngineEventWriter(contexts,
            Options.Create(new WriteBehindOptions { FlushIntervalMs = 0, RetryBaseDelayMs = 3_600_000, RetryMaxDelayMs = 3_600_000 }),
            clock, NullLogger<EngineEventWriter>.Instance);
        contexts.Fail(() => new IOException("No space left on device"));
        await writer.StartAsync(Ct);
        writer.Publish(Transition(Engine, 1));
        await Eventually.WaitUntilAsync(() => writer.Retries == 1, "the first refused write");
        contexts.Heal();

        clock.Advance(TimeSpan.FromHours(1));

        await Eventually.WaitUntilAsync(() => writer.Written == 1, "the event written once the clock reached the retry");
        writer.Retries.ShouldBe(1);
        await writer.StopAsync(Ct);
    }

    [Fact]
    public async Task APartlyFilledBatchWaitsForTheFlushIntervalOnTheInjectedClock()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(T0);
        using var writer = new EngineEventWriter(database.Contexts,
            Options.Create(new WriteBehindOptions { FlushIntervalMs = 3_600_000, BatchSize = 100 }),
            clock, NullLogger<EngineEventWriter>.Instance);
        await writer.StartAsync(Ct);
        writer.Publish(Transition(Engine, 1));
        await Eventually.WaitUntilAsync(() => writer.Held == 1, "the event taken into a batch that waits for more");

        clock.Advance(TimeSpan.FromHours(1));

        await Eventually.WaitUntilAsync(() => writer.Written == 1, "the batch written when the injected clock ends the interval");
        await writer.StopAsync(Ct);
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, true)]
    [InlineData(13, true)]
    [InlineData(10, true)]
    [InlineData(19, false)]
    [InlineData(1, false)]
    public void SqliteErrorsAreOutagesOnlyWhenTheSameWriteCanSucceedLater(int code, bool outage)
    {
        var error = new SqliteException("SQLite Error " + code, code);

        StorageOutage.Is(error).ShouldBe(outage);
        StorageOutage.Is(new DbUpdateException("wrapped", error)).ShouldBe(outage);
    }

    [Fact]
    public void RetriesWaitTwiceAsLongEachTimeUpToTheCap()
    {
        var options = new WriteBehindOptions { RetryBaseDelayMs = 200, RetryMaxDelayMs = 30_000 };

        Enumerable.Range(1, 10).Select(a => options.RetryDelay(a).TotalMilliseconds)
            .ShouldBe([200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000]);
        options.RetryDelay(1000).ShouldBe(TimeSpan.FromSeconds(30));
    }
}
