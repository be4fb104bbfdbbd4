using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

/// <summary>Backtest service and job on an in-memory database with the shipped presets, a recording Hangfire client and a temporary data folder.</summary>
public sealed class BacktestTestBed : IAsyncDisposable
{
    private BacktestTestBed(PresetDatabase presets, string folder, int maxActive)
    {
        Presets = presets;
        Folder = folder;
        Folders = new JobFolders(Options.Create(new JobsOptions()), Options.Create(new DatabaseOptions { DataFolder = folder }));
        DataSets = new DataSetService(presets.Contexts, Folders, presets.Audit, presets.Time);
        Data = new BacktestData(Folders, DataSets);
        Service = new BacktestService(presets.Contexts, presets.Store, Jobs, Data, presets.Audit, Options.Create(new JobsOptions { MaxActiveBacktestsPerUser = maxActive }), presets.Time, Recent, Notifier);
        // Two cores, as the portal's machine: a single backtest scans ahead on the spare one, a sweep's groups do not.
        Job = new BacktestJob(presets.Contexts, presets.Store, Data, Folders, TimeProvider.System, NullLogger<BacktestJob>.Instance, activity: Activity, notifier: Notifier, recent: Recent);
    }

    /// <summary>Marks a run as running in the database, as a job (here or on another node) does when it starts it.</summary>
    public async Task MarkRunningAsync(long id, int barsDone = 0)
    {
        await using var db = await Presets.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var row = await db.Set<BacktestRunEntity>().SingleAsync(b => b.Id == id, TestContext.Current.CancellationToken);
        row.Status = BacktestStatus.Running;
        row.BarsDone = barsDone;
        row.StartedAt = Presets.Time.GetUtcNow();
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The backtest service of another portal process on the same database: it has no way to reach this process's jobs.</summary>
    public BacktestService ServiceOnAnotherNode() =>
        new(Presets.Contexts, Presets.Store, Jobs, Data, Presets.Audit, Options.Create(new JobsOptions()), Presets.Time, notifier: null);

    /// <summary>What the job says when a run starts or ends (the pages read it again then).</summary>
    public BacktestNotifier Notifier { get; } = new();

    /// <summary>The reports of the runs the job finished last, which the service shows without reading them back.</summary>
    public RecentReports Recent { get; } = new();

    public BacktestActivity Activity { get; } = new(cores: 2);

    public PresetDatabase Presets { get; }

    public string Folder { get; }

    public JobFolders Folders { get; }

    public RecordingJobClient Jobs { get; } = new();

    public DataSetService DataSets { get; }

    public BacktestData Data { get; }

    public BacktestService Service { get; }

    public BacktestJob Job { get; }

    public static readonly ClaimsPrincipal Tom = PresetDatabase.User("tom-id", Roles.Trader, "tom");
    public static readonly ClaimsPrincipal Ann = PresetDatabase.User("ann-id", Roles.Trader, "ann");
    public static readonly ClaimsPrincipal Vera = PresetDatabase.User("vera-id", Roles.Viewer, "vera");
    public static readonly ClaimsPrincipal Root = PresetDatabase.User("root-id", Roles.Admin, "root");

    /// <summary>A small generated market: quick to replay, still trades.</summary>
    public static BacktestRequest Small => new() { PresetName = "breakout_v1", GeneratedInstruments = 4, GeneratedBars = 2000 };

    /// <summary>A six-run sweep of <see cref="Small"/> over fields the scan does not read (risk per trade × first target): its runs are replayed in groups.</summary>
    public static SweepRequest RiskByTargets => new()
    {
        Base = Small,
        Field1 = "risk.risk_per_trade",
        Values1 = "0.005,0.01,0.02",
        Field2 = "position_config.tp1_r",
        Values2 = "1.0,2.0",
    };

    // A database file with a connection per context: the job writes progress from another thread while the test reads.
    private SqliteTestDatabase? _file;

    public static async Task<BacktestTestBed> CreateAsync(int maxActive = 2)
    {
        var file = new SqliteTestDatabase();
        var presets = await PresetDatabase.CreateAsync(TestContext.Current.CancellationToken, file.ConnectionString);
        return new BacktestTestBed(presets, Path.Combine(Path.GetTempPath(), "bb-backtest-" + Guid.NewGuid().ToString("N")), maxActive) { _file = file };
    }

    public async ValueTask DisposeAsync()
    {
        await Presets.DisposeAsync();
        Activity.Dispose();
        _file?.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
