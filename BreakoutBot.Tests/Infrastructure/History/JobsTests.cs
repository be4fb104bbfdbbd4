using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.History;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.History;

public sealed class JobsTests : IDisposable
{
    private readonly HistoryTestDatabase _db = new();
    private readonly FakeTimeProvider _time = new(HistoryTestDatabase.T0.AddDays(100));
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bb-jobs-" + Guid.NewGuid().ToString("N"));
    private readonly JobRunLog _runs;
    private readonly JobFolders _folders;

    public JobsTests()
    {
        _runs = new JobRunLog(_db, _time);
        _folders = new JobFolders(Options.Create(new JobsOptions()), Options.Create(new DatabaseOptions { DataFolder = _folder }));
    }

    private async Task<JobRunEntity> RunRowAsync(long id)
    {
        await using var db = _db.CreateDbContext();
        return await db.Set<JobRunEntity>().SingleAsync(r => r.Id == id);
    }

    private static StateTransitionEntity Written(StateTransitionEntity row, DateTimeOffset writtenAt)
    {
        row.WrittenAt = writtenAt;
        return row;
    }

    private RetentionJob Retention(int days = 30) =>
        new(_db, _runs, Options.Create(new JobsOptions { RetentionDays = days }), _time, NullLogger<RetentionJob>.Instance);

    [Fact]
    public async Task RetentionDeletesJournalRowsAfterTheJournalsOwnLimitEvenForARunningEngine()
    {
        var now = _time.GetUtcNow();
        _db.AddEngine("running", "alice");
        _db.Seed(db =>
        {
            db.Engines.Single(e => e.Id == "running").LastKnownState = TradingState.Scanning;
            foreach (var (instrument, age) in new[] { ("OLD-1", 31), ("OLD-2", 45), ("NEW-1", 29), ("NEW-2", 0) })
            {
                db.DecisionJournal.Add(new DecisionJournalEntity
                {
                    EngineId = "running", InstrumentId = instrument, Time = now, WrittenAt = now.AddDays(-age),
                    Outcome = BreakoutBot.Domain.Journal.DecisionOutcome.FilteredOut, Reason = "r",
                });
            }
        });
        var job = new RetentionJob(_db, _runs, Options.Create(new JobsOptions { RetentionDays = 90 }), _time, NullLogger<RetentionJob>.Instance,
            Options.Create(new BreakoutBot.Infrastructure.Journal.JournalOptions { RetentionDays = 30 }));

        (await job.PreviewAsync()).JournalRowsDeleted.ShouldBe(2);
        var result = await job.RunScheduledAsync(CancellationToken.None);

        result.JournalRowsDeleted.ShouldBe(2);
        await using var db = _db.CreateDbContext();
        (await db.DecisionJournal.Select(d => d.InstrumentId).OrderBy(i => i).ToListAsync()).ShouldBe(["NEW-1", "NEW-2"]);
    }

    [Fact]
    public async Task RetentionDeletesOnlyTransitionsAndSnapshotsWrittenBeforeTheLimit()
    {
        var now = _time.GetUtcNow();
        _db.Seed(db =>
        {
            db.StateTransitions.Add(Written(HistoryTestDatabase.Transition("e", TradingState.Idle, TradingState.Scanning, now), now.AddDays(-31)));
            db.StateTransitions.Add(Written(HistoryTestDatabase.Transition("e", TradingState.Scanning, TradingState.Paused, now), now.AddDays(-29)));
            db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = "e", Time = now, WrittenAt = now.AddDays(-40), Equity = 1m, Cash = 1m });
            db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = "e", Time = now, WrittenAt = now.AddHours(-1), Equity = 2m, Cash = 2m });
            db.Positions.Add(HistoryTestDatabase.Position("e", "old-trade", "BTC-USDT-SWAP", now.AddDays(-90)));
        });

        var result = await Retention().RunScheduledAsync(CancellationToken.None);

        result.TransitionsDeleted.ShouldBe(1);
        result.EquitySnapshotsDeleted.ShouldBe(1);
        await using var db = _db.CreateDbContext();
        (await db.StateTransitions.Select(t => t.To).ToListAsync()).ShouldBe([TradingState.Paused]);
        (await db.EquitySnapshots.CountAsync()).ShouldBe(1);
        (await db.Positions.CountAsync()).ShouldBe(1); // trades are kept
        var run = (await _runs.RecentAsync(5)).ShouldHaveSingleItem();
        run.Job.ShouldBe(JobNames.Retention);
        run.Status.ShouldBe(JobRunStatus.Succeeded);
        run.Message!.ShouldContain("Deleted 1 transitions, 1 equity snapshots and 0 order-journal intents");
    }

    [Fact]
    public async Task RetentionKeepsReplayRowsWrittenMinutesAgoWhateverTheirMarketTime()
    {
        var now = _time.GetUtcNow();
        _db.Seed(db =>
        {
            // A replay of last year's candles: market times a year back, written five minutes ago.
            for (var i = 0; i < 20; i++)
            {
                db.StateTransitions.Add(Written(HistoryTestDatabase.Transition("replay", TradingState.Scanning, TradingState.Paused, now.AddDays(-365).AddMinutes(i)), now.AddMinutes(-5)));
                db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = "replay", Time = now.AddDays(-365).AddMinutes(i), WrittenAt = now.AddMinutes(-5), Equity = 1m, Cash = 1m });
            }
        });

        var result = await Retention().RunScheduledAsync(CancellationToken.None);

        result.TransitionsDeleted.ShouldBe(0);
        result.EquitySnapshotsDeleted.ShouldBe(0);
        await using var db = _db.CreateDbContext();
        (await db.StateTransitions.CountAsync()).ShouldBe(20);
        (await db.EquitySnapshots.CountAsync()).ShouldBe(20);
    }

    [Fact]
    public async Task RetentionKeepsARunningEnginesCurrentRunAndEveryRowOfAnEngineWithAnOpenPosition()
    {
        var now = _time.GetUtcNow();
        _db.AddEngine("running", "alice");
        _db.AddEngine("holding", "bob");
        _db.Seed(db =>
        {
            db.Engines.Single(e => e.Id == "running").LastKnownState = TradingState.Scanning;
            // running: previous run 60 days ago (deletable), current run started 45 days ago (kept).
            db.StateTransitions.Add(Written(HistoryTestDatabase.Transition("running", TradingState.Idle, TradingState.Initializing, now), now.AddDays(-60)));
            db.StateTransitions.Add(Written(HistoryTestDatabase.Transition("running", TradingState.Scanning, TradingState.Stopped, now), now.AddDays(-59)));
            db.StateTransitions.Add(Written(HistoryTestDatabase.Transition("running", TradingState.Stopped, TradingState.Initializing, now), now.AddDays(-45)));
            db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = "running", Time = now, WrittenAt = now.AddDays(-44), Equity = 1m, Cash = 1m });
            // holding: an open position, everything kept.
            var open = HistoryTestDatabase.Position("holding", "open-1", "BTC-USDT-SWAP", now.AddDays(-50));
            open.Status = BreakoutBot.Domain.Trading.PositionStatus.Open;
            db.Positions.Add(open);
            db.StateTransitions.Add(Written(HistoryTestDatabase.Transition("holding", TradingState.Execution, TradingState.Managing, now), now.AddDays(-50)));
            db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = "holding", Time = now, WrittenAt = now.AddDays(-50), Equity = 1m, Cash = 1m });
        });

        var result = await Retention().RunScheduledAsync(CancellationToken.None);

        result.TransitionsDeleted.ShouldBe(2);
        result.EquitySnapshotsDeleted.ShouldBe(0);
        result.RowsKept.ShouldBe(4);
        await using var db = _db.CreateDbContext();
        (await db.StateTransitions.Where(t => t.EngineId == "running").Select(t => t.From).ToListAsync()).ShouldBe([TradingState.Stopped]);
        (await db.StateTransitions.CountAsync(t => t.EngineId == "holding")).ShouldBe(1);
        (await db.EquitySnapshots.CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task RetentionDeletesOldOrderIntentsButKeepsThoseARestoreWouldReadBack()
    {
        var now = _time.GetUtcNow();
        _db.AddEngine("stopped", "alice");
        _db.AddEngine("running", "alice");
        _db.AddEngine("holding", "bob");
        _db.Seed(db =>
        {
            db.Engines.Single(e => e.Id == "running").LastKnownState = TradingState.Scanning;
            db.StateTransitions.Add(Written(HistoryTestDatabase.Transition("running", TradingState.Stopped, TradingState.Initializing, now), now.AddDays(-45)));
            var open = HistoryTestDatabase.Position("holding", "open-1", "BTC-USDT-SWAP", now.AddDays(-50));
            open.Status = BreakoutBot.Domain.Trading.PositionStatus.Open;
            db.Positions.Add(open);
            foreach (var (engine, id, age) in new[]
            {
                ("stopped", "s-old", 31), ("stopped", "s-new", 29),
                ("running", "r-before-run", 50), ("running", "r-this-run", 40),
                ("holding", "h-old", 60),
            })
            {
                db.OrderIntents.Add(new OrderIntentEntity { EngineId = engine, ClientOrderId = id, InstrumentId = "BTC-USDT-SWAP", Quantity = 1m, CreatedAt = now.AddDays(-age) });
            }
        });

        (await Retention().PreviewAsync()).OrderIntentsDeleted.ShouldBe(2);
        var result = await Retention().RunScheduledAsync(CancellationToken.None);

        // Older than 30 days and not protected: the stopped engine's old intent, and the running engine's from before its
        // current run. Its current run's (a restore reads them back) and everything of an engine holding a position stay.
        result.OrderIntentsDeleted.ShouldBe(2);
        await using var db = _db.CreateDbContext();
        (await db.OrderIntents.Select(o => o.ClientOrderId).OrderBy(i => i).ToListAsync()).ShouldBe(["h-old", "r-this-run", "s-new"]);
    }

    [Fact]
    public async Task RetentionPreviewCountsWhatARunWouldDeleteAndDeletesNothing()
    {
        var now = _time.GetUtcNow();
        _db.Seed(db =>
        {
            db.StateTransitions.Add(Written(HistoryTestDatabase.Transition("e", TradingState.Idle, TradingState.Scanning, now), now.AddDays(-31)));
            db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = "e", Time = now, WrittenAt = now.AddDays(-40), Equity = 1m, Cash = 1m });
        });

        var preview = await Retention().PreviewAsync();

        preview.TransitionsDeleted.ShouldBe(1);
        preview.EquitySnapshotsDeleted.ShouldBe(1);
        preview.Cutoff.ShouldBe(now.AddDays(-30));
        await using var db = _db.CreateDbContext();
        (await db.StateTransitions.CountAsync()).ShouldBe(1);
        (await db.EquitySnapshots.CountAsync()).ShouldBe(1);
        (await _runs.RecentAsync(5)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ImportCopiesAValidCandleFileIntoTheMarketDataFolder()
    {
        Directory.CreateDirectory(_folder);
        var source = Path.Combine(_folder, "SOL-USDT-SWAP.csv");
        await File.WriteAllTextAsync(source, "timestamp,open,high,low,close,volume\n2026-01-01T00:00:00Z,1,2,0.5,1.5,10\n2026-01-01T00:05:00Z,1.5,2,1,1.8,12\n");
        var runId = await _runs.QueueAsync(JobNames.CandleImport, "admin");

        var count = await new CandleImportJob(_runs, _folders, NullLogger<CandleImportJob>.Instance).RunAsync(runId, source, CancellationToken.None);

        count.ShouldBe(2);
        File.Exists(Path.Combine(_folders.MarketData, "SOL-USDT-SWAP.csv")).ShouldBeTrue();
        var run = await RunRowAsync(runId);
        run.Status.ShouldBe(JobRunStatus.Succeeded);
        run.Message!.ShouldContain("Imported 2 candles of SOL-USDT-SWAP");
    }

    [Fact]
    public async Task ImportRefusesABadFileWithAClearMessageAndCopiesNothing()
    {
        Directory.CreateDirectory(_folder);
        var source = Path.Combine(_folder, "BAD-USDT-SWAP.csv");
        await File.WriteAllTextAsync(source, "timestamp,open,high,low,close,volume\n2026-01-01T00:00:00Z,1,2,0.5,abc,10\n");
        var runId = await _runs.QueueAsync(JobNames.CandleImport, "admin");

        await Should.ThrowAsync<DomainException>(() =>
            new CandleImportJob(_runs, _folders, NullLogger<CandleImportJob>.Instance).RunAsync(runId, source, CancellationToken.None));

        File.Exists(Path.Combine(_folders.MarketData, "BAD-USDT-SWAP.csv")).ShouldBeFalse();
        var run = await RunRowAsync(runId);
        run.Status.ShouldBe(JobRunStatus.Failed);
        run.Message!.ShouldStartWith("Import refused: ");
        run.Message.ShouldContain("BAD-USDT-SWAP.csv");
    }

    [Fact]
    public async Task ExportWritesTheFilteredListIntoTheExportsFolderAndRecordsTheRun()
    {
        _db.AddEngine("e-alice", "alice");
        _db.AddPositions("e-alice", 5);
        var runId = await _runs.QueueAsync(JobNames.HistoryExport, "alice");
        var job = new HistoryExportJob(new HistoryQueries(_db), _runs, _folders, _time, NullLogger<HistoryExportJob>.Instance);

        var path = await job.RunAsync(runId, new HistoryScope(false, "alice"), HistoryKind.Trades, new HistoryFilter { Symbol = "BTC-USDT-SWAP" }, CancellationToken.None);

        Path.GetDirectoryName(path).ShouldBe(_folders.Exports);
        var lines = await File.ReadAllLinesAsync(path);
        lines.Length.ShouldBe(4); // header + p1, p3, p5
        var run = await RunRowAsync(runId);
        run.Status.ShouldBe(JobRunStatus.Succeeded);
        run.Progress.ShouldBe(100);
        run.FilePath.ShouldBe(path);
        run.Message.ShouldBe("Exported 3 rows of trades.");
    }

    public void Dispose()
    {
        _db.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
