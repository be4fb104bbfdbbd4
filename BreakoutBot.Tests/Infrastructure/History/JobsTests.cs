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

    [Fact]
    public async Task RetentionDeletesOnlyTransitionsAndSnapshotsOlderThanTheLimit()
    {
        var now = _time.GetUtcNow();
        _db.Seed(db =>
        {
            db.StateTransitions.Add(HistoryTestDatabase.Transition("e", TradingState.Idle, TradingState.Scanning, now.AddDays(-31)));
            db.StateTransitions.Add(HistoryTestDatabase.Transition("e", TradingState.Scanning, TradingState.Paused, now.AddDays(-29)));
            db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = "e", Time = now.AddDays(-40), Equity = 1m, Cash = 1m });
            db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = "e", Time = now.AddHours(-1), Equity = 2m, Cash = 2m });
            db.Positions.Add(HistoryTestDatabase.Position("e", "old-trade", "BTC-USDT-SWAP", now.AddDays(-90)));
        });
        var job = new RetentionJob(_db, _runs, Options.Create(new JobsOptions { RetentionDays = 30 }), _time, NullLogger<RetentionJob>.Instance);

        var result = await job.RunScheduledAsync(CancellationToken.None);

        result.TransitionsDeleted.ShouldBe(1);
        result.EquitySnapshotsDeleted.ShouldBe(1);
        await using var db = _db.CreateDbContext();
        (await db.StateTransitions.Select(t => t.To).ToListAsync()).ShouldBe([TradingState.Paused]);
        (await db.EquitySnapshots.CountAsync()).ShouldBe(1);
        (await db.Positions.CountAsync()).ShouldBe(1); // trades are kept
        var run = (await _runs.RecentAsync(5)).ShouldHaveSingleItem();
        run.Job.ShouldBe(JobNames.Retention);
        run.Status.ShouldBe(JobRunStatus.Succeeded);
        run.Message!.ShouldContain("Deleted 1 transitions and 1 equity snapshots");
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
