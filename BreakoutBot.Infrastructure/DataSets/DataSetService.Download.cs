using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Infrastructure.Backtests;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>Downloads from OKX: queued by Traders and Admins, cancelled and resumed by their owner or an Admin; every call audit-logged.</summary>
public sealed partial class DataSetService
{
    public const string DownloadAction = "dataset.download";
    public const string CancelAction = "dataset.cancel";
    public const string ResumeAction = "dataset.resume";

    /// <summary>
    /// Creates a data set (status Queued, source OKX) and queues its <see cref="DataSetDownloadJob"/>, or says why not:
    /// a refusal (role) or every invalid field (name, instruments 1 to 50, range of at most 2 years ending by now).
    /// </summary>
    public async Task<DataSetDownloadResult> QueueDownloadAsync(
        ClaimsPrincipal user, string? name, IReadOnlyList<string>? instruments, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var request = new DataSetDownloadRequest(name?.Trim(), instruments, from, to);
        if (!BacktestRuns.CanStart(user))
        {
            const string refusal = "Only Traders and Admins may download data sets.";
            Audit(user, DownloadAction, "dataset:" + request.Name, refusal, false);
            return new DataSetDownloadResult(null, refusal, []);
        }
        var errors = request.Validate(time.GetUtcNow()).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (errors.All(e => e.Field != nameof(DataSetDownloadRequest.Name)) && await db.Set<DataSetEntity>().AnyAsync(d => d.Name == request.Name, cancellationToken))
        {
            errors.Insert(0, new DataSetFieldError(nameof(DataSetDownloadRequest.Name), $"A data set named '{request.Name}' exists already."));
        }
        if (errors.Count > 0)
        {
            Audit(user, DownloadAction, "dataset:" + request.Name, "invalid: " + string.Join("; ", errors.Select(e => e.Field).Distinct()), false);
            return new DataSetDownloadResult(null, null, errors);
        }
        var ids = request.InstrumentIds;
        var row = new DataSetEntity
        {
            Name = request.Name!,
            OwnerId = BacktestRuns.UserId(user)!,
            OwnerName = user.Identity!.Name ?? "",
            Source = DataSetSource.OkxDownload,
            Status = DataSetStatus.Queued,
            Instruments = string.Join(',', ids),
            RequestedFrom = from!.Value.ToUniversalTime(),
            RequestedTo = to!.Value.ToUniversalTime(),
            BarsTotal = DataSetBarSlots.Count(from.Value, to.Value) * ids.Count,
            CreatedAt = time.GetUtcNow(),
            Message = "Queued for download from OKX.",
        };
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        row.HangfireJobId = Jobs.Enqueue<DataSetDownloadJob>(j => j.RunAsync(row.Id, CancellationToken.None));
        await db.SaveChangesAsync(cancellationToken);
        Audit(user, DownloadAction, Target(row.Id), string.Create(CultureInfo.InvariantCulture,
            $"{row.Name}: {string.Join(", ", ids)} from {row.RequestedFrom:yyyy-MM-dd HH:mm} to {row.RequestedTo:yyyy-MM-dd HH:mm} UTC ({row.BarsTotal:N0} bars)"), true);
        return new DataSetDownloadResult(row.Id, null, []);
    }

    /// <summary>Cancels a queued download at once, or asks a running one to stop at its next progress write; null when done, else why not.</summary>
    public async Task<string?> CancelAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<DataSetEntity>().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        var refusal = row is null ? "No such data set."
            : !BacktestRuns.CanControl(user, row.OwnerId) ? "Only its owner or an Admin may cancel this download."
            : row.Status is not (DataSetStatus.Queued or DataSetStatus.Downloading) ? "The data set is not downloading."
            : null;
        if (refusal is not null)
        {
            Audit(user, CancelAction, Target(id), refusal, false);
            return refusal;
        }
        row!.CancelRequested = true;
        if (row.Status == DataSetStatus.Queued)
        {
            row.Status = DataSetStatus.Cancelled;
            row.Message = "Cancelled before it started; resume to download.";
        }
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        Audit(user, CancelAction, Target(id), row.Name, true);
        return null;
    }

    /// <summary>Queues a cancelled or failed download again; it goes on from the files on disk. Null when done, else why not.</summary>
    public async Task<string?> ResumeAsync(ClaimsPrincipal user, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<DataSetEntity>().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        var refusal = row is null ? "No such data set."
            : !BacktestRuns.CanControl(user, row.OwnerId) ? "Only its owner or an Admin may resume this download."
            : row.Source != DataSetSource.OkxDownload ? "Only a download from OKX can be resumed."
            : row.Status is not (DataSetStatus.Cancelled or DataSetStatus.Failed) ? "Only a cancelled or failed download can be resumed."
            : null;
        if (refusal is not null)
        {
            Audit(user, ResumeAction, Target(id), refusal, false);
            return refusal;
        }
        row!.Status = DataSetStatus.Queued;
        row.CancelRequested = false;
        row.Message = "Queued to resume the download from OKX.";
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        row.HangfireJobId = Jobs.Enqueue<DataSetDownloadJob>(j => j.RunAsync(row.Id, CancellationToken.None));
        await db.SaveChangesAsync(cancellationToken);
        Audit(user, ResumeAction, Target(id), row.Name, true);
        return null;
    }

    private IBackgroundJobClient Jobs => jobs ?? throw new InvalidOperationException("DataSetService was built without a Hangfire client; downloads cannot be queued.");

    private void Audit(ClaimsPrincipal user, string action, string target, string? details, bool success) =>
        audit.Record(BacktestRuns.UserId(user), user.Identity?.Name, action, target, details, success);
}
