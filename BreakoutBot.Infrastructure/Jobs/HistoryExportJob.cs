using System.Globalization;
using System.Text;
using BreakoutBot.Infrastructure.History;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>Writes a filtered history list to <c>{exports}/{kind}-{time}-{run}.csv</c>, reporting progress on its job run.</summary>
public sealed class HistoryExportJob(HistoryQueries queries, JobRunLog runs, JobFolders folders, TimeProvider time, ILogger<HistoryExportJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task<string> RunAsync(long runId, HistoryScope scope, HistoryKind kind, HistoryFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        await runs.StartAsync(runId, cancellationToken);
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{kind.ToString().ToLowerInvariant()}-{time.GetUtcNow():yyyyMMdd-HHmmss}-{runId}.csv");
        var path = Path.Combine(folders.Exports, name);
        try
        {
            var total = await queries.CountAsync(scope, kind, filter, cancellationToken);
            var progress = new ProgressToRun(runs, runId, total);
            int written;
            await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true))
            await using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                written = await queries.ExportCsvAsync(scope, kind, filter, writer, progress, cancellationToken);
                await progress.FlushAsync(cancellationToken);
            }
            await runs.SucceedAsync(runId, string.Create(CultureInfo.InvariantCulture, $"Exported {written} {(written == 1 ? "row" : "rows")} of {kind.ToString().ToLowerInvariant()}."), path, cancellationToken);
            logger.LogInformation("History export {Run}: {Rows} rows to {Path}", runId, written, path);
            return path;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            // The exception names server paths; the run's message is shown to the user, so it only says what failed.
            logger.LogWarning(ex, "History export {Run} failed writing {Path}", runId, path);
            await runs.FailAsync(runId, ex is ArgumentException ? "Export failed: " + ex.Message : "Export failed: the file could not be written.", CancellationToken.None);
            throw;
        }
    }

    /// <summary>Turns row counts into a percentage on the job run (awaited at the end; intermediate writes are best effort).</summary>
    private sealed class ProgressToRun(JobRunLog runs, long runId, int total) : IProgress<int>
    {
        private Task _pending = Task.CompletedTask;

        public void Report(int value)
        {
            if (total <= 0 || !_pending.IsCompleted)
            {
                return;
            }
            var percent = (int)Math.Min(99, value * 100L / total);
            _pending = runs.ProgressAsync(runId, percent);
        }

        public Task FlushAsync(CancellationToken cancellationToken) => _pending.WaitAsync(cancellationToken);
    }
}
