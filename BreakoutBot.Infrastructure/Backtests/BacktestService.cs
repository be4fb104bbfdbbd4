using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.DataSets;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Infrastructure.Replay;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Starts, lists, cancels and deletes backtests. Every call is authorised here, on the server, by role and owner
/// (<see cref="BacktestRuns"/>), and every change is audit-logged, refused ones included. A user has at most
/// <see cref="JobsOptions.MaxActiveBacktestsPerUser"/> runs queued or running; runs execute as Hangfire jobs
/// (<see cref="BacktestJob"/>), as many at once as Hangfire has workers.
/// </summary>
public sealed class BacktestService(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    IPresetStore presets,
    IBackgroundJobClient jobs,
    BacktestData data,
    IAuditLog audit,
    IOptions<JobsOptions> options,
    TimeProvider time,
    RecentReports? recent = null,
    BacktestNotifier? notifier = null)
{
    public const string QueueAction = "backtest.queue";
    public const string CancelAction = "backtest.cancel";
    public const string DeleteAction = "backtest.delete";

    public async Task<BacktestQueueResult> QueueAsync(ClaimsPrincipal user, BacktestRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        if (!BacktestRuns.CanStart(user))
        {
            return Refuse(user, QueueAction, request.PresetName, "Only Traders and Admins may run backtests.");
        }
        // The data and the preset are checked whatever else is wrong (when what each reads is valid), so one refusal
        // names every field to fix: a bad cost and a data set that is not there come back together.
        var errors = request.Validate().ToList();
        await data.AddProblemsAsync(request, errors, cancellationToken);
        PresetVersion? version = null;
        if (!errors.Exists(e => e.Field is nameof(BacktestRequest.PresetName) or nameof(BacktestRequest.PresetVersion)))
        {
            version = request.PresetVersion is { } v
                ? await presets.GetVersionAsync(request.PresetName, v, cancellationToken)
                : await presets.GetLatestAsync(request.PresetName, cancellationToken);
            if (version is null)
            {
                errors.Add(request.PresetVersion is { } n
                    ? new(nameof(BacktestRequest.PresetVersion), $"Preset '{request.PresetName}' has no version {n}.")
                    : new(nameof(BacktestRequest.PresetName), $"There is no preset '{request.PresetName}'."));
            }
        }
        if (errors.Count > 0 || version is null)
        {
            Audit(user, QueueAction, request.PresetName, "invalid: " + string.Join("; ", errors.Select(e => e.Field)), false);
            return new BacktestQueueResult(null, null, errors);
        }

        var ownerId = BacktestRuns.UserId(user)!;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var active = await db.Set<BacktestRunEntity>()
            .CountAsync(b => b.OwnerId == ownerId && b.SweepId == null && (b.Status == BacktestStatus.Queued || b.Status == BacktestStatus.Running), cancellationToken);
        var limit = options.Value.MaxActiveBacktestsPerUser;
        if (active >= limit)
        {
            return Refuse(user, QueueAction, request.PresetName, string.Create(CultureInfo.InvariantCulture,
                $"You already have {active} backtests queued or running (at most {limit}); wait for one to finish or cancel one."));
        }
        var row = BacktestRunEntity.Queued(request, ownerId, user.Identity!.Name ?? ownerId, version.Name, version.Version, time.GetUtcNow());
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        row.HangfireJobId = jobs.Enqueue<BacktestJob>(j => j.RunAsync(row.Id, CancellationToken.None));
        await db.SaveChangesAsync(cancellationToken);
        Audit(user, QueueAction, Target(row.Id), $"{version.Name} v{version.Version} on {Describe(row, await DataSetNamesAsync(db, [row], cancellationToken))}", true);
        return new BacktestQueueResult(row.Id, null, []);
    }

    /// <summary>Runs the user may see, newest first (their own, or all for Admins and Viewers).</summary>
    public async Task<IReadOnlyList<BacktestSummary>> ListAsync(ClaimsPrincipal user, int count = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return [];
        }
        var ownerId = BacktestRuns.UserId(user) ?? "";
        var all = BacktestRuns.SeesAll(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<BacktestRunEntity>().AsNoTracking()
            .Where(b => (all || b.OwnerId == ownerId) && b.SweepId == null)
            .OrderByDescending(b => b.Id)
            .Take(Math.Clamp(count, 1, 1000))
            .Select(WithoutReport)
            .ToListAsync(cancellationToken);
        var names = await DataSetNamesAsync(db, rows, cancellationToken);
        return rows.Select(r => ToSummary(r, user, names)).ToList();
    }

    /// <summary>A run with its report, or null when it does not exist or the user may not see it.</summary>
    public async Task<BacktestDetail?> GetAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<BacktestRunEntity>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (row is null || !BacktestRuns.CanView(user, row.OwnerId))
        {
            return null;
        }
        var report = row.ReportGzip is null ? null : recent?.Get(id) ?? StoredReport.Decompress(row.ReportGzip);
        var names = await DataSetNamesAsync(db, [row], cancellationToken);
        return new BacktestDetail(ToSummary(row, user, names), report, row.TakerFeeBps, row.MakerFeeBps, row.SlippageBps, row.FundingRateBps);
    }

    /// <summary>
    /// The candles of one instrument of a run's data closing in [<paramref name="from"/>, <paramref name="to"/>] (at most
    /// <paramref name="maxBars"/>, the latest kept), for the trade chart; null when the user may not see the run or the
    /// data no longer has the instrument.
    /// </summary>
    public async Task<IReadOnlyList<Domain.Markets.Candle>?> CandlesAsync(
        ClaimsPrincipal user, long id, string instrumentId, DateTimeOffset from, DateTimeOffset to, int maxBars = 2_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<BacktestRunEntity>().AsNoTracking().Select(WithoutReport).FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (row is null || !BacktestRuns.CanView(user, row.OwnerId))
        {
            return null;
        }
        try
        {
            var series = await data.SeriesAsync(row, instrumentId, cancellationToken);
            return series?.Where(c => c.CloseTime >= from && c.CloseTime <= to).TakeLast(Math.Clamp(maxBars, 1, 20_000)).ToList();
        }
        catch (Exception ex) when (ex is Domain.Common.DomainException or IOException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Cancels a queued run at once, or asks a running one to stop at its next progress report.</summary>
    public async Task<string?> CancelAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<BacktestRunEntity>().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (row is null || !BacktestRuns.CanControl(user, row.OwnerId))
        {
            return Refusal(user, CancelAction, id, row is null || !BacktestRuns.CanView(user, row.OwnerId) ? "No such backtest." : "Only its owner or an Admin may cancel this backtest.");
        }
        if (row.Status is not (BacktestStatus.Queued or BacktestStatus.Running))
        {
            return Refusal(user, CancelAction, id, $"The backtest has already {row.Status.ToString().ToLowerInvariant()}.");
        }
        row.CancelRequested = true;
        if (row.Status == BacktestStatus.Queued)
        {
            row.Status = BacktestStatus.Cancelled;
            row.FinishedAt = time.GetUtcNow();
            row.Message = "Cancelled before it started.";
        }
        await db.SaveChangesAsync(cancellationToken);
        Audit(user, CancelAction, Target(id), null, true);
        if (row.Status == BacktestStatus.Running)
        {
            // Stored first: a replay on another node (or one that misses this) sees the request at its next progress write.
            notifier?.RequestCancel(id);
        }
        return null;
    }

    /// <summary>Deletes a finished run and its results.</summary>
    public async Task<string?> DeleteAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<BacktestRunEntity>().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (row is null || !BacktestRuns.CanControl(user, row.OwnerId))
        {
            return Refusal(user, DeleteAction, id, row is null || !BacktestRuns.CanView(user, row.OwnerId) ? "No such backtest." : "Only its owner or an Admin may delete this backtest.");
        }
        if (row.Status is BacktestStatus.Queued or BacktestStatus.Running)
        {
            return Refusal(user, DeleteAction, id, "Cancel the backtest before deleting it.");
        }
        db.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        recent?.Remove(id);
        Audit(user, DeleteAction, Target(id), null, true);
        return null;
    }

    /// <summary>
    /// What a run replayed, as the pages and the API show it: the generated market's settings, or the data set by its name
    /// (<paramref name="dataSetNames"/>, by id; a set deleted since is "data set #id (deleted)") and the instruments.
    /// </summary>
    public static string Describe(BacktestRunEntity run, IReadOnlyDictionary<long, string> dataSetNames)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(dataSetNames);
        if (run.DataSource == BacktestDataSource.Generated)
        {
            return string.Create(CultureInfo.InvariantCulture, $"generated market (seed {run.Seed}, {run.GeneratedInstruments} instruments, {run.GeneratedBars:N0} bars)");
        }
        var instruments = BacktestRuns.SplitInstruments(run.Instruments);
        var data = run.DataSource != BacktestDataSource.DataSet ? "imported market data"
            : run.DataSetId is { } id && dataSetNames.TryGetValue(id, out var name) ? $"data set '{name}'"
            : string.Create(CultureInfo.InvariantCulture, $"data set #{run.DataSetId} (deleted)");
        return instruments.Count == 0 ? data + " (all instruments)" : data + ": " + string.Join(", ", instruments);
    }

    /// <summary>The names of the data sets <paramref name="runs"/> replayed, by id (one query; sets deleted since are absent).</summary>
    internal static async Task<IReadOnlyDictionary<long, string>> DataSetNamesAsync(BreakoutBotDbContext db, IEnumerable<BacktestRunEntity> runs, CancellationToken cancellationToken)
    {
        var ids = runs.Where(r => r.DataSource == BacktestDataSource.DataSet && r.DataSetId is not null).Select(r => r.DataSetId!.Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<long, string>();
        }
        return await db.Set<DataSetEntity>().AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
    }

    // The list never loads the reports (each can be hundreds of kilobytes).
    internal static readonly System.Linq.Expressions.Expression<Func<BacktestRunEntity, BacktestRunEntity>> WithoutReport = b => new BacktestRunEntity
    {
        Id = b.Id, OwnerId = b.OwnerId, OwnerName = b.OwnerName, PresetName = b.PresetName, PresetVersion = b.PresetVersion,
        DataSource = b.DataSource, DataSetId = b.DataSetId, SweepId = b.SweepId, Overrides = b.Overrides, IsTestRun = b.IsTestRun, Instruments = b.Instruments, Seed = b.Seed, GeneratedInstruments = b.GeneratedInstruments,
        GeneratedBars = b.GeneratedBars, From = b.From, To = b.To, StartingBalance = b.StartingBalance, Status = b.Status,
        BarsDone = b.BarsDone, BarsTotal = b.BarsTotal, QueuedAt = b.QueuedAt, StartedAt = b.StartedAt, FinishedAt = b.FinishedAt,
        Message = b.Message, Trades = b.Trades, NetPnl = b.NetPnl, MaxDrawdownPct = b.MaxDrawdownPct, ProfitFactor = b.ProfitFactor,
        AverageR = b.AverageR,
    };

    internal static BacktestSummary ToSummary(BacktestRunEntity b, ClaimsPrincipal user, IReadOnlyDictionary<long, string> dataSetNames) => new(
        b.Id, b.OwnerName, b.PresetName, b.PresetVersion, b.DataSource, Describe(b, dataSetNames), b.From, b.To, b.StartingBalance, b.Status,
        b.BarsDone, b.BarsTotal, b.QueuedAt, b.StartedAt, b.FinishedAt, b.Message, b.Trades, b.NetPnl, b.MaxDrawdownPct,
        b.ProfitFactor, b.AverageR, BacktestRuns.CanControl(user, b.OwnerId))
    {
        Overrides = PresetOverrides.Parse(b.Overrides),
        IsTestRun = b.IsTestRun,
    };

    private BacktestQueueResult Refuse(ClaimsPrincipal user, string action, string target, string why)
    {
        Audit(user, action, target, why, false);
        return new BacktestQueueResult(null, why, []);
    }

    private string Refusal(ClaimsPrincipal user, string action, long id, string why)
    {
        Audit(user, action, Target(id), why, false);
        return why;
    }

    private void Audit(ClaimsPrincipal user, string action, string? target, string? details, bool success) =>
        audit.Record(BacktestRuns.UserId(user), user.Identity?.Name, action, target, details, success);

    private static string Target(long id) => "backtest:" + id.ToString(CultureInfo.InvariantCulture);
}
