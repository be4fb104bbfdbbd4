using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// Market data sets: listed for every signed-in user; created (upload, download) by Traders and Admins; deleted by
/// their owner or an Admin, never while a backtest uses them. Every change is checked here and audit-logged.
/// </summary>
public sealed partial class DataSetService(
    IDbContextFactory<BreakoutBotDbContext> contexts, JobFolders folders, IAuditLog audit, TimeProvider time, Hangfire.IBackgroundJobClient? jobs = null,
    ILogger<DataSetService>? logger = null, DataSetReadySignal? ready = null)
{
    private readonly LastLoaded<(MarketDataSet, FundingRateSeries?)> _lastLoaded = new();

    public const string UploadAction = "dataset.upload";
    public const string DeleteAction = "dataset.delete";

    public async Task<IReadOnlyList<DataSetSummary>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<DataSetEntity>().AsNoTracking().OrderByDescending(d => d.Id).ToListAsync(cancellationToken);
        return rows.Select(r => ToSummary(r, user)).ToList();
    }

    public async Task<DataSetSummary?> GetAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<DataSetEntity>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        return row is null ? null : ToSummary(row, user);
    }

    /// <summary>
    /// Stores uploaded candle files as a new data set, or nothing at all: every file is checked first and every bad
    /// line reported; the files are written to a temporary folder that becomes the data set's only once complete.
    /// </summary>
    public async Task<DataSetUploadResult> UploadAsync(ClaimsPrincipal user, string name, IReadOnlyList<DataSetUpload.UploadedFile> uploads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(uploads);
        if (!BacktestRuns.CanStart(user))
        {
            return Refused(user, UploadAction, name, ["Only Traders and Admins may add data sets."]);
        }
        name = (name ?? "").Trim();
        if (DataSetNames.Problem(name) is { } nameProblem)
        {
            return Refused(user, UploadAction, name, [nameProblem]);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<DataSetEntity>().AnyAsync(d => d.Name == name, cancellationToken))
        {
            return Refused(user, UploadAction, name, [NameTaken(name)]);
        }
        var (files, problems) = DataSetUpload.Check(uploads);
        if (problems.Count > 0)
        {
            return Refused(user, UploadAction, name, problems);
        }

        var parsed = files.ToDictionary(f => f.Key, f => CandleCsvLoader.Parse(f.Value, f.Key, f.Key + ".csv"), StringComparer.Ordinal);
        var staging = Path.Combine(folders.DataSets, ".upload-" + Guid.NewGuid().ToString("N"));
        DataSetEntity? row = null;
        try
        {
            Directory.CreateDirectory(staging);
            foreach (var (id, content) in files)
            {
                await File.WriteAllBytesAsync(Path.Combine(staging, id + ".csv"), content, cancellationToken);
            }
            row = new DataSetEntity
            {
                Name = name,
                OwnerId = BacktestRuns.UserId(user)!,
                OwnerName = user.Identity!.Name ?? "",
                Source = DataSetSource.Upload,
                Status = DataSetStatus.Ready,
                Instruments = string.Join(',', files.Keys),
                FirstBar = parsed.Values.Min(f => f.Candles[0].CloseTime),
                LastBar = parsed.Values.Max(f => f.Candles[^1].CloseTime),
                Bars = parsed.Values.Sum(f => (long)f.Candles.Count),
                CreatedAt = time.GetUtcNow(),
                Message = string.Create(CultureInfo.InvariantCulture, $"Uploaded {Counted.Of(files.Count, "file", "files")}."),
            };
            db.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            Directory.Move(staging, folders.DataSet(row.Id));
            KeepBinaryCopies(folders.DataSet(row.Id), parsed);
            audit.Record(BacktestRuns.UserId(user), user.Identity?.Name, UploadAction, Target(row.Id), $"{name}: {Counted.Of(files.Count, "instrument")}, {Counted.Of(row.Bars, "bar")}", true);
            ready?.Raise(row.Id, row.Bars);
            return new DataSetUploadResult(row.Id, []);
        }
        catch (DbUpdateException ex)
        {
            // Another upload of the same name stored first (the unique index), or the database refused the row.
            logger?.LogWarning(ex, "Data set upload '{Name}' was not stored", name);
            return Refused(user, UploadAction, name, [await NameTakenAsync(name) ? NameTaken(name) : "The data set could not be stored in the database; nothing was stored. Try again, or ask an Admin to look at the log."]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Disk full, or the data folder is not writable: no data set without its files, so the row goes too.
            logger?.LogWarning(ex, "Data set upload '{Name}': its files could not be written", name);
            if (row is { Id: > 0 })
            {
                db.Remove(row);
                await db.SaveChangesAsync(CancellationToken.None);
            }
            return Refused(user, UploadAction, name, ["The files could not be written to the data folder (is the disk full?); nothing was stored. Try again, or ask an Admin to look at the log."]);
        }
        finally
        {
            DeleteStaging(staging);
        }
    }

    private static string NameTaken(string name) => $"A data set named '{name}' exists already.";

    private async Task<bool> NameTakenAsync(string name)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        return await db.Set<DataSetEntity>().AnyAsync(d => d.Name == name, CancellationToken.None);
    }

    // A staging folder left behind (the delete failed) holds no data set: it is only logged.
    private void DeleteStaging(string staging)
    {
        try
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger?.LogWarning("Could not delete the upload's staging folder {Folder}: {Message}", staging, ex.Message);
        }
    }

    /// <summary>Deletes a data set and its files; null when done, else why not.</summary>
    public async Task<string?> DeleteAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<DataSetEntity>().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        string? refusal = row is null ? "No such data set."
            : !BacktestRuns.CanControl(user, row.OwnerId) ? "Only its owner or an Admin may delete this data set."
            : row.Status is DataSetStatus.Queued or DataSetStatus.Downloading ? "Cancel the download before deleting the data set."
            : await db.Set<BacktestRunEntity>().AnyAsync(b => b.DataSetId == id && (b.Status == BacktestStatus.Queued || b.Status == BacktestStatus.Running), cancellationToken)
                ? "A backtest is running on this data set; wait for it or cancel it."
                : null;
        if (refusal is not null)
        {
            audit.Record(BacktestRuns.UserId(user), user.Identity?.Name, DeleteAction, Target(id), refusal, false);
            return refusal;
        }
        db.Remove(row!);
        await db.SaveChangesAsync(cancellationToken);
        var folder = folders.DataSet(id);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        audit.Record(BacktestRuns.UserId(user), user.Identity?.Name, DeleteAction, Target(id), row!.Name, true);
        return null;
    }

    /// <summary>
    /// Why a backtest could not replay the data set (the request's field and what is wrong), or null when it exists, is
    /// ready and holds every instrument asked for: checked when a backtest or sweep is queued, so a request that cannot
    /// run is refused naming the field instead of being queued to fail. <see cref="LoadAsync"/> checks again when it runs.
    /// </summary>
    public async Task<BacktestFieldError?> ReplayProblemAsync(long id, IReadOnlyList<string> instruments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<DataSetEntity>().AsNoTracking().Where(d => d.Id == id)
            .Select(d => new { d.Name, d.Status, d.Instruments }).FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? new(nameof(BacktestRequest.DataSetId), string.Create(CultureInfo.InvariantCulture, $"There is no data set #{id}."))
            : ReplayProblem(row.Name, row.Status, BacktestRuns.SplitInstruments(row.Instruments), instruments);
    }

    /// <summary>Why a stored data set cannot be replayed for <paramref name="wanted"/> (not ready, an instrument it lacks), or null.</summary>
    private static BacktestFieldError? ReplayProblem(string name, DataSetStatus status, IReadOnlyList<string> held, IReadOnlyList<string> wanted)
    {
        if (status != DataSetStatus.Ready)
        {
            return new(nameof(BacktestRequest.DataSetId), $"Data set '{name}' is not ready ({status.ToString().ToLowerInvariant()}).");
        }
        var missing = wanted.Where(w => !held.Contains(w, StringComparer.Ordinal)).ToList();
        return missing.Count > 0
            ? new(nameof(BacktestRequest.Instruments), $"Data set '{name}' has no {string.Join(", ", missing)}; it holds {string.Join(", ", held)}.")
            : null;
    }

    /// <summary>The candles of a ready data set (the instruments asked for, or all) and its funding series when it has one.</summary>
    /// <exception cref="DomainException">The data set is missing, not ready, lacks an instrument, or a file is damaged.</exception>
    public async Task<(MarketDataSet Set, FundingRateSeries? Funding)> LoadAsync(long id, IReadOnlyList<string> instruments, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<DataSetEntity>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
            ?? throw new DomainException($"Data set #{id} no longer exists.");
        var held = BacktestRuns.SplitInstruments(row.Instruments);
        var wanted = instruments.Count == 0 ? held : instruments;
        if (ReplayProblem(row.Name, row.Status, held, wanted) is { } problem)
        {
            throw new DomainException(problem.Message);
        }
        // A ready data set's files change only when a resumed download completes (Bars and LastBar change with them), so
        // the runs of a sweep read them once.
        var key = string.Create(CultureInfo.InvariantCulture, $"{id}:{row.Bars}:{row.LastBar?.ToUnixTimeMilliseconds()}:{string.Join(',', wanted)}");
        return await _lastLoaded.GetAsync(key, async () =>
        {
            var folder = folders.DataSet(id);
            // One file per instrument, read in parallel (a year of 5-minute bars is about 0.05 s of parsing per file);
            // the set keeps the data set's order, and a damaged file fails the load with its own error.
            var files = await Task.WhenAll(wanted.Select(i => Task.Run(() => CandleFileCache.Load(DataSetFiles.CandlePath(folder, i), logger))));
            var set = MarketDataSet.FromFiles(files, row.Name) with { Description = $"data set '{row.Name}' ({files.Length} instruments)" };
            return (set, FundingRateSeries.LoadFromDataFolder(folder));
        });
    }

    /// <summary>The candles of one instrument of a data set, or null.</summary>
    public IReadOnlyList<Domain.Markets.Candle>? Series(long id, string instrumentId)
    {
        if (!DataSetNames.IsInstrumentId(instrumentId))
        {
            return null;
        }
        var path = DataSetFiles.CandlePath(folders.DataSet(id), instrumentId);
        return File.Exists(path) ? CandleFileCache.Load(path, logger).Candles : null;
    }

    /// <summary>
    /// Writes the binary copies of an upload's files, which it has parsed already (ADR-013); a copy that cannot be written
    /// is made on the first load instead.
    /// </summary>
    private void KeepBinaryCopies(string folder, IReadOnlyDictionary<string, CandleCsvFile> parsed)
    {
        foreach (var (id, file) in parsed)
        {
            var csv = DataSetFiles.CandlePath(folder, id);
            try
            {
                CandleFileCache.Write(CandleFileCache.CachePath(csv), new FileInfo(csv), file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger?.LogWarning("Could not keep a binary copy of {File}: {Message}", Path.GetFileName(csv), ex.Message);
            }
        }
    }

    private DataSetUploadResult Refused(ClaimsPrincipal user, string action, string name, IReadOnlyList<string> problems)
    {
        audit.Record(BacktestRuns.UserId(user), user.Identity?.Name, action, "dataset:" + name, string.Join(" | ", problems.Take(5)), false);
        return new DataSetUploadResult(null, problems);
    }

    private static DataSetSummary ToSummary(DataSetEntity d, ClaimsPrincipal user) => new(
        d.Id, d.Name, d.OwnerName, d.Source, d.Status, BacktestRuns.SplitInstruments(d.Instruments), d.FirstBar, d.LastBar, d.Bars,
        d.BarsDone, d.BarsTotal, d.CreatedAt, d.Message, BacktestRuns.CanControl(user, d.OwnerId));

    private static string Target(long id) => "dataset:" + id.ToString(CultureInfo.InvariantCulture);
}
