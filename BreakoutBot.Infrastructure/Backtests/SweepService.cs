using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Infrastructure.Replay;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// Parameter sweeps: every combination becomes a backtest run of the sweep, queued at once on the backtest queue (one
/// worker per core, so a sweep uses all cores). One active sweep per user; same role and owner rules as backtests;
/// audit-logged. Saving a row as a preset version goes through the preset store's own checks.
/// </summary>
public sealed class SweepService(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    IPresetStore presets,
    IBackgroundJobClient jobs,
    IAuditLog audit,
    TimeProvider time,
    BacktestNotifier? notifier = null,
    BacktestData? data = null)
{
    public const string QueueAction = "sweep.queue";
    public const string CancelAction = "sweep.cancel";

    public async Task<BacktestQueueResult> QueueAsync(ClaimsPrincipal user, SweepRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        // A JSON body may send null for the backtest settings (checked through a local: the rest reads request.Base as not null).
        BacktestRequest? settings = request.Base;
        var presetName = settings?.PresetName ?? "";
        if (!BacktestRuns.CanStart(user))
        {
            return Refuse(user, presetName, "Only Traders and Admins may run sweeps.");
        }
        var errors = settings is null
            ? [new BacktestFieldError(nameof(SweepRequest.Base), "Give the backtest settings (preset, data, range and costs).")]
            : settings.Validate().ToList();
        var (combinations, comboErrors) = request.Combinations();
        errors.AddRange(comboErrors);
        // Each check below runs whatever else is wrong (when what it reads is valid), so one refusal names every field
        // to fix: a bad range or value and a data set that is not there come back together.
        PresetVersion? version = null;
        if (settings is not null && !errors.Exists(e => e.Field is nameof(BacktestRequest.PresetName) or nameof(BacktestRequest.PresetVersion)))
        {
            version = settings.PresetVersion is { } v
                ? await presets.GetVersionAsync(settings.PresetName, v, cancellationToken)
                : await presets.GetLatestAsync(settings.PresetName, cancellationToken);
            if (version is null)
            {
                errors.Add(new(nameof(BacktestRequest.PresetName), $"There is no preset '{settings.PresetName}' version {settings.PresetVersion?.ToString(CultureInfo.InvariantCulture) ?? "(latest)"}."));
            }
        }
        var fieldsKnown = true;
        if (version is not null)
        {
            var numeric = PresetOverrides.NumericFields(version.Json);
            foreach (var (name, path) in new[] { (nameof(SweepRequest.Field1), request.Field1), (nameof(SweepRequest.Field2), request.Field2) })
            {
                if (!string.IsNullOrWhiteSpace(path) && !numeric.Contains(path, StringComparer.Ordinal))
                {
                    errors.Add(new(name, $"'{path}' is not a numeric field of the preset."));
                    fieldsKnown = false;
                }
            }
        }
        if (settings is not null && data is not null)
        {
            // A data set or imported file that is not there: refused naming base.dataSetId / base.instruments, not queued to fail.
            await data.AddProblemsAsync(settings, errors, cancellationToken);
        }
        var changedPresets = new List<Domain.Presets.TradingPreset>();
        if (version is not null && fieldsKnown && combinations.Count > 0)
        {
            // Every combination must make a valid preset before anything is queued.
            foreach (var combination in combinations)
            {
                var changed = PresetOverrides.Apply(version.Json, combination);
                if (!changed.IsSuccess)
                {
                    errors.Add(new(RefusedValues(version.Json, request, combination), $"{PresetOverrides.Describe(combination)}: {string.Join("; ", changed.Errors.Select(e => e.Message))}"));
                    break;
                }
                changedPresets.Add(changed.Preset!);
            }
        }
        if (errors.Count > 0)
        {
            audit.Record(BacktestRuns.UserId(user), user.Identity?.Name, QueueAction, presetName, "invalid: " + string.Join("; ", errors.Select(e => e.Field)), false);
            return new BacktestQueueResult(null, null, errors);
        }

        var ownerId = BacktestRuns.UserId(user)!;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<BacktestRunEntity>().AnyAsync(b => b.OwnerId == ownerId && b.SweepId != null && (b.Status == BacktestStatus.Queued || b.Status == BacktestStatus.Running), cancellationToken))
        {
            return Refuse(user, request.Base.PresetName, "You already have a sweep running; wait for it to finish or cancel it.");
        }
        var now = time.GetUtcNow();
        var sweep = new SweepEntity
        {
            OwnerId = ownerId,
            OwnerName = user.Identity!.Name ?? ownerId,
            PresetName = version!.Name,
            PresetVersion = version.Version,
            Fields = JsonSerializer.Serialize(combinations.SelectMany(c => c.Keys).Distinct().Select(f => new { field = f, values = combinations.Select(c => c[f]).Distinct() })),
            TestFrom = request.TestFrom,
            TestTo = request.TestTo,
            CreatedAt = now,
        };
        db.Add(sweep);
        await db.SaveChangesAsync(cancellationToken);
        var runs = new List<BacktestRunEntity>();
        var runPresets = new List<Domain.Presets.TradingPreset>();
        for (var c = 0; c < combinations.Count; c++)
        {
            runs.Add(Run(sweep, request.Base, combinations[c], request.Base.From, request.Base.To, false, now));
            runPresets.Add(changedPresets[c]);
            if (request.TestFrom is not null)
            {
                runs.Add(Run(sweep, request.Base, combinations[c], request.TestFrom, request.TestTo, true, now));
                runPresets.Add(changedPresets[c]);
            }
        }
        db.AddRange(runs);
        await db.SaveChangesAsync(cancellationToken);
        // Runs that scan alike are replayed together, one group per backtest worker, sharing one scan per bar (ADR-010,
        // "Seventh round"): the sweep's runs differ in the swept fields only, so unless those are scan settings they all do.
        BacktestGroups.Enqueue(runs, runPresets, jobs);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(ownerId, user.Identity?.Name, QueueAction, Target(sweep.Id), $"{version.Name} v{version.Version}: {combinations.Count} combinations, {runs.Count} runs", true);
        return new BacktestQueueResult(sweep.Id, null, []);
    }

    /// <summary>Sweeps the user may see, newest first, with their runs' progress.</summary>
    public async Task<IReadOnlyList<SweepSummary>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return [];
        }
        var all = BacktestRuns.SeesAll(user);
        var ownerId = BacktestRuns.UserId(user) ?? "";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sweeps = await db.Set<SweepEntity>().AsNoTracking().Where(s => all || s.OwnerId == ownerId).OrderByDescending(s => s.Id).Take(100).ToListAsync(cancellationToken);
        var ids = sweeps.Select(s => s.Id).ToList();
        var counts = await db.Set<BacktestRunEntity>().AsNoTracking().Where(b => b.SweepId != null && ids.Contains(b.SweepId.Value))
            .GroupBy(b => new { b.SweepId, b.Status }).Select(g => new { g.Key.SweepId, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken);
        return sweeps.Select(s =>
        {
            var mine = counts.Where(c => c.SweepId == s.Id).ToList();
            return new SweepSummary(s.Id, s.OwnerName, s.PresetName, s.PresetVersion, Describe(s), s.CreatedAt,
                mine.Sum(c => c.Count), mine.Where(c => c.Status is not (BacktestStatus.Queued or BacktestStatus.Running)).Sum(c => c.Count),
                s.TestFrom is not null, BacktestRuns.CanControl(user, s.OwnerId));
        }).ToList();
    }

    /// <summary>A sweep and all its runs (without reports), or null when missing or not the user's to see.</summary>
    public async Task<(SweepSummary Sweep, IReadOnlyList<BacktestSummary> Runs)?> GetAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var summary = (await ListAsync(user, cancellationToken)).FirstOrDefault(s => s.Id == id);
        if (summary is null)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.Set<BacktestRunEntity>().AsNoTracking().Where(b => b.SweepId == id).OrderBy(b => b.Id)
            .Select(BacktestService.WithoutReport).ToListAsync(cancellationToken);
        var names = await BacktestService.DataSetNamesAsync(db, runs, cancellationToken);
        return (summary, runs.Select(r => BacktestService.ToSummary(r, user, names)).ToList());
    }

    /// <summary>Cancels every queued or running run of the sweep (owner or Admin).</summary>
    public async Task<string?> CancelAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sweep = await db.Set<SweepEntity>().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (sweep is null || !BacktestRuns.CanControl(user, sweep.OwnerId))
        {
            var why = sweep is null || !BacktestRuns.CanView(user, sweep.OwnerId) ? "No such sweep." : "Only its owner or an Admin may cancel this sweep.";
            audit.Record(BacktestRuns.UserId(user), user.Identity?.Name, CancelAction, Target(id), why, false);
            return why;
        }
        var active = await db.Set<BacktestRunEntity>().Where(b => b.SweepId == id && (b.Status == BacktestStatus.Queued || b.Status == BacktestStatus.Running)).ToListAsync(cancellationToken);
        foreach (var run in active)
        {
            run.CancelRequested = true;
            if (run.Status == BacktestStatus.Queued)
            {
                run.Status = BacktestStatus.Cancelled;
                run.FinishedAt = time.GetUtcNow();
                run.Message = "Cancelled before it started.";
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(BacktestRuns.UserId(user), user.Identity?.Name, CancelAction, Target(id), $"{active.Count} runs", true);
        foreach (var run in active)
        {
            if (run.Status == BacktestStatus.Running)
            {
                // Stored first, as for a single run (BacktestService.CancelAsync): a job in this process stops at once.
                notifier?.RequestCancel(run.Id);
            }
        }
        return null;
    }

    /// <summary>The preset fields a sweep row would change against the version the sweep ran, for review before saving.</summary>
    public async Task<IReadOnlyList<PresetChange>> PreviewAsync(ClaimsPrincipal user, long sweepId, IReadOnlyDictionary<string, decimal> overrides, CancellationToken cancellationToken = default)
    {
        var found = await GetAsync(user, sweepId, cancellationToken);
        var version = found is null ? null : await presets.GetVersionAsync(found.Value.Sweep.PresetName, found.Value.Sweep.PresetVersion, cancellationToken);
        if (version is null || PresetOverrides.Apply(version.Json, overrides).Preset is not { } changed)
        {
            return [];
        }
        return PresetDiff.Compare(version.Json, Domain.Presets.PresetSerializer.Serialize(changed));
    }

    /// <summary>
    /// Saves a sweep row's preset: as the next version of the swept preset when the user may change it, else as a new
    /// preset of theirs named <paramref name="newName"/> (the preset store checks ownership, validates and audits).
    /// </summary>
    public async Task<PresetSaveResult> SaveAsPresetAsync(ClaimsPrincipal user, long sweepId, IReadOnlyDictionary<string, decimal> overrides, string newName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var found = await GetAsync(user, sweepId, cancellationToken);
        if (found is null)
        {
            return PresetSaveResult.Refused(PresetSaveStatus.NotFound, "No such sweep.");
        }
        var sweep = found.Value.Sweep;
        var version = await presets.GetVersionAsync(sweep.PresetName, sweep.PresetVersion, cancellationToken);
        if (version is null)
        {
            return PresetSaveResult.Refused(PresetSaveStatus.NotFound, $"Preset '{sweep.PresetName}' version {sweep.PresetVersion} no longer exists.");
        }
        var changed = PresetOverrides.Apply(version.Json, overrides);
        if (changed.Preset is not { } preset)
        {
            return PresetSaveResult.Invalid(changed.Errors);
        }
        var owner = await presets.GetOwnerAsync(sweep.PresetName, cancellationToken);
        return owner is not null && PresetPermissions.CanModify(user, owner)
            ? await presets.SaveAsync(user, sweep.PresetName, preset, null, cancellationToken)
            : await presets.CloneAsync(user, sweep.PresetName, newName, preset, cancellationToken);
    }

    private static BacktestRunEntity Run(SweepEntity sweep, BacktestRequest request, IReadOnlyDictionary<string, decimal> combination, DateTimeOffset? from, DateTimeOffset? to, bool test, DateTimeOffset now)
    {
        var run = BacktestRunEntity.Queued(request with { From = from, To = to }, sweep.OwnerId, sweep.OwnerName, sweep.PresetName, sweep.PresetVersion, now);
        run.SweepId = sweep.Id;
        run.Overrides = PresetOverrides.Serialize(combination);
        run.IsTestRun = test;
        return run;
    }

    private static string Describe(SweepEntity s)
    {
        var fields = JsonSerializer.Deserialize<List<JsonElement>>(s.Fields) ?? [];
        return string.Join(" × ", fields.Select(f => $"{f.GetProperty("field").GetString()} ({f.GetProperty("values").GetArrayLength()})"));
    }

    /// <summary>
    /// Which values a refused combination's error belongs to: the second field's when the first field's value alone makes
    /// a valid preset (so the second value is refused, alone or with the first), else the first field's.
    /// </summary>
    private static string RefusedValues(string presetJson, SweepRequest request, IReadOnlyDictionary<string, decimal> combination)
    {
        if (request.Field2 is not { } second || !combination.ContainsKey(second))
        {
            return nameof(SweepRequest.Values1);
        }
        var firstAlone = new Dictionary<string, decimal>(StringComparer.Ordinal) { [request.Field1] = combination[request.Field1] };
        return PresetOverrides.Apply(presetJson, firstAlone).IsSuccess ? nameof(SweepRequest.Values2) : nameof(SweepRequest.Values1);
    }

    private BacktestQueueResult Refuse(ClaimsPrincipal user, string target, string why)
    {
        audit.Record(BacktestRuns.UserId(user), user.Identity?.Name, QueueAction, target, why, false);
        return new BacktestQueueResult(null, why, []);
    }

    private static string Target(long id) => "sweep:" + id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A sweep as the list shows it.</summary>
public sealed record SweepSummary(long Id, string OwnerName, string PresetName, int PresetVersion, string Fields, DateTimeOffset CreatedAt, int Runs, int RunsFinished, bool WalkForward, bool CanControl)
{
    public bool IsActive => RunsFinished < Runs;
}
