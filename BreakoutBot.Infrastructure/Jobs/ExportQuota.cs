using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>
/// Who may export history to the data folder (Traders and Admins; Viewers are read-only and download CSVs instead)
/// and how much: per user, at most <see cref="JobsOptions.ExportsPerUserPerDay"/> exports and
/// <see cref="JobsOptions.ExportBytesPerUserPerDay"/> bytes of files in the last 24 hours. Also finds a user's own
/// export file for download.
/// </summary>
public sealed class ExportQuota(IDbContextFactory<BreakoutBotDbContext> contexts, JobFolders folders, IOptions<JobsOptions> options, TimeProvider time)
{
    public static bool MayExport(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && !string.IsNullOrEmpty(user.Identity.Name)
        && (user.IsInRole(Roles.Trader) || user.IsInRole(Roles.Admin));

    /// <summary>Null when <paramref name="user"/> may start another export now, else why not (for the UI).</summary>
    public async Task<string?> RefusalAsync(ClaimsPrincipal? user, CancellationToken cancellationToken = default)
    {
        if (!MayExport(user))
        {
            return "Only Traders and Admins may export to the data folder; use the CSV download instead.";
        }
        var (count, bytes) = await UsageAsync(user!.Identity!.Name!, cancellationToken);
        var o = options.Value;
        if (count >= o.ExportsPerUserPerDay)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Export quota reached: {count} of {o.ExportsPerUserPerDay} exports in the last 24 hours.");
        }
        if (bytes >= o.ExportBytesPerUserPerDay)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Export quota reached: {Size(bytes)} of {Size(o.ExportBytesPerUserPerDay)} written in the last 24 hours.");
        }
        return null;
    }

    /// <summary>Exports <paramref name="owner"/> started in the last 24 hours and the bytes of their files still on disk.</summary>
    public async Task<(int Count, long Bytes)> UsageAsync(string owner, CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow().AddDays(-1);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.Set<JobRunEntity>().AsNoTracking()
            .Where(r => r.Job == JobNames.HistoryExport && r.RequestedBy == owner && r.QueuedAt >= since)
            .Select(r => r.FilePath)
            .ToListAsync(cancellationToken);
        var bytes = runs.Select(InExports).Sum(f => f is { Exists: true } ? f.Length : 0L);
        return (runs.Count, bytes);
    }

    /// <summary>The file of a finished export run that <paramref name="user"/> requested, or null (unknown, someone else's, gone).</summary>
    public async Task<FileInfo?> OwnFileAsync(long runId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity?.Name;
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Set<JobRunEntity>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == runId && r.Job == JobNames.HistoryExport && r.Status == JobRunStatus.Succeeded, cancellationToken);
        if (run is null || !string.Equals(run.RequestedBy, name, StringComparison.Ordinal))
        {
            return null;
        }
        return InExports(run.FilePath) is { Exists: true } file ? file : null;
    }

    /// <summary>The file if it lies directly in the exports folder (never a path outside it).</summary>
    private FileInfo? InExports(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        var full = Path.GetFullPath(path);
        return string.Equals(Path.GetDirectoryName(full), folders.Exports, StringComparison.Ordinal) ? new FileInfo(full) : null;
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB"),
    };
}
