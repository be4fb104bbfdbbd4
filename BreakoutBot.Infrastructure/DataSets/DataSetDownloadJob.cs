using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// Downloads one queued data set from OKX (<see cref="DataSetDownloader"/>): every instrument's 5-minute bars over the
/// requested range, then the swaps' funding rates. Progress (bars checked of the bars the range holds) is written about
/// twice a second and a cancel request is honoured at the next write; a cancelled or failed download keeps its files
/// and can be resumed, and one stopped by a shutdown goes back to the queue (<see cref="DataSetDownloadRecovery"/>).
/// </summary>
public sealed partial class DataSetDownloadJob(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    OkxHistoryClient okx,
    JobFolders folders,
    TimeProvider time,
    ILogger<DataSetDownloadJob> logger,
    DataSetReadySignal? ready = null)
{
    /// <summary>How often progress is written and a cancel request looked for.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The Hangfire queue downloads run on, with one worker: every download shares OKX's per-IP limit, so running two
    /// at once would not finish either sooner.
    /// </summary>
    public const string Queue = "downloads";

    [AutomaticRetry(Attempts = 0)]
    [Queue(Queue)]
    public async Task RunAsync(long dataSetId, CancellationToken cancellationToken)
    {
        var row = await StartAsync(dataSetId, cancellationToken);
        if (row is null)
        {
            return;
        }
        var instruments = BacktestRuns.SplitInstruments(row.Instruments);
        var (from, to) = (row.RequestedFrom!.Value, row.RequestedTo!.Value);
        var progress = new DataSetDownloadProgress(DataSetBarSlots.Count(from, to) * instruments.Count);
        var folder = folders.DataSet(dataSetId);
        Directory.CreateDirectory(folder);
        var downloader = new DataSetDownloader(okx, time, folder, from, to, progress);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var monitorStop = new CancellationTokenSource();
        var byUser = new CancelFlag();
        var monitor = MonitorAsync(dataSetId, progress, byUser, cancel, monitorStop.Token);
        try
        {
            foreach (var instrument in instruments)
            {
                await downloader.CandlesAsync(instrument, cancel.Token);
            }
            foreach (var instrument in instruments)
            {
                await downloader.FundingAsync(instrument, cancel.Token);
            }
            await StopMonitorAsync(monitorStop, monitor);
            // The binary copies a backtest reads instead of parsing the CSV files (ADR-013), made before the set is ready.
            foreach (var instrument in downloader.Held.Keys)
            {
                CandleFileCache.Load(DataSetFiles.CandlePath(folder, instrument), logger);
            }
            await FinishAsync(dataSetId, r => Complete(r, downloader, progress));
            if (downloader.Held.Count > 0)
            {
                ready?.Raise(dataSetId, downloader.Held.Values.Sum(h => h.Bars));
            }
            logger.LogInformation("Data set {Id}: downloaded {Bars} bars of {Instruments} instruments", dataSetId, progress.Total, instruments.Count);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await StopMonitorAsync(monitorStop, monitor);
            if (cancellationToken.IsCancellationRequested && !byUser.Set)
            {
                await FinishAsync(dataSetId, r =>
                {
                    r.Status = DataSetStatus.Queued;
                    r.BarsDone = progress.Done;
                    r.Message = "Interrupted by a shutdown; the download resumes when the portal starts.";
                });
                return;
            }
            await FinishAsync(dataSetId, r =>
            {
                r.Status = DataSetStatus.Cancelled;
                r.BarsDone = progress.Done;
                r.Message = string.Create(CultureInfo.InvariantCulture,
                    $"Cancelled after {progress.Done:N0} of {progress.Total:N0} bars; what was downloaded is kept: resume to go on.");
            });
        }
        catch (Exception ex) when (ex is DomainException or IOException or InvalidDataException)
        {
            await StopMonitorAsync(monitorStop, monitor);
            var message = ex.Message.Replace(folder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
            logger.LogWarning("Data set {Id}: download failed: {Message}", dataSetId, message);
            await FinishAsync(dataSetId, r =>
            {
                r.Status = DataSetStatus.Failed;
                r.BarsDone = progress.Done;
                r.Message = "Failed: " + message + " What was downloaded is kept: resume to try again.";
            });
        }
        catch (Exception ex)
        {
            await StopMonitorAsync(monitorStop, monitor);
            logger.LogError(ex, "Data set {Id}: download failed", dataSetId);
            await FinishAsync(dataSetId, r => { r.Status = DataSetStatus.Failed; r.Message = "Failed: an internal error stopped the download (see the server log)."; });
        }
    }

    /// <summary>Queued → Downloading in one statement, so of two jobs for the same data set only one runs.</summary>
    private async Task<DataSetEntity?> StartAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var started = await db.Set<DataSetEntity>()
            .Where(d => d.Id == id && d.Source == DataSetSource.OkxDownload && d.Status == DataSetStatus.Queued && !d.CancelRequested)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DataSetStatus.Downloading).SetProperty(d => d.UpdatedAt, now), cancellationToken);
        return started == 0 ? null : await db.Set<DataSetEntity>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
    }

    private static void Complete(DataSetEntity row, DataSetDownloader downloader, DataSetDownloadProgress progress)
    {
        var requested = BacktestRuns.SplitInstruments(row.Instruments);
        var held = downloader.Held;
        if (held.Count == 0)
        {
            row.Status = DataSetStatus.Failed;
            row.BarsDone = progress.Total;
            row.Message = string.Join(' ', [$"OKX has no 5-minute bars of {string.Join(", ", requested)} in the range.", .. downloader.Notes]);
            return;
        }
        row.Status = DataSetStatus.Ready;
        row.Instruments = string.Join(',', held.Keys.Order(StringComparer.Ordinal));
        row.Bars = held.Values.Sum(h => h.Bars);
        row.FirstBar = held.Values.Min(h => h.First) + Candle.Interval;
        row.LastBar = held.Values.Max(h => h.Last) + Candle.Interval;
        row.BarsDone = progress.Total;
        row.BarsTotal = progress.Total;
        row.Message = Describe(requested, downloader, progress.Total);
    }

    private static string Describe(IReadOnlyList<string> requested, DataSetDownloader downloader, long total)
    {
        var held = downloader.Held;
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Downloaded from OKX: {held.Count} instruments, {held.Values.Sum(h => h.Bars):N0} bars."),
        };
        var unavailable = downloader.Unavailable.Values.Sum();
        if (unavailable > 0)
        {
            var which = string.Join(", ", downloader.Unavailable.Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.Key} {u.Value:N0}")));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"OKX has no bar for {unavailable:N0} of the {total:N0} bar times in the range ({which}); none was invented."));
        }
        var empty = requested.Where(i => !held.ContainsKey(i) && !downloader.Unknown.Contains(i)).ToList();
        if (empty.Count > 0)
        {
            parts.Add($"Left out, no bar at all in the range: {string.Join(", ", empty)}.");
        }
        if (downloader.FundingSettlements.Count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"Funding rates: {downloader.FundingSettlements.Values.Sum():N0} settlements of {downloader.FundingSettlements.Count} swaps (OKX keeps only the last months)."));
        }
        parts.AddRange(downloader.Notes);
        return string.Join(' ', parts);
    }

    private async Task MonitorAsync(long id, DataSetDownloadProgress progress, CancelFlag byUser, CancellationTokenSource cancel, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(ProgressInterval, time, stop);
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(stop);
                    var row = await db.Set<DataSetEntity>().FirstOrDefaultAsync(d => d.Id == id, stop);
                    if (row is null || row.CancelRequested)
                    {
                        byUser.Set = true;
                        await cancel.CancelAsync();
                        return;
                    }
                    row.BarsDone = progress.Done;
                    row.BarsTotal = progress.Total;
                    row.UpdatedAt = time.GetUtcNow();
                    await db.SaveChangesAsync(stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A busy or briefly unreachable database skips one progress write; the watch for a cancel goes on
                    // (before, the first such error ended it, and a user's cancel went unheard for the rest of the download).
                    LogProgressFailed(logger, ex, id);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The download ended; the final state is written by the job.
        }
    }

    private static async Task StopMonitorAsync(CancellationTokenSource stop, Task monitor)
    {
        await stop.CancelAsync();
        await monitor;
    }

    private async Task FinishAsync(long id, Action<DataSetEntity> change)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var row = await db.Set<DataSetEntity>().FirstOrDefaultAsync(d => d.Id == id, CancellationToken.None);
        if (row is null)
        {
            return;
        }
        change(row);
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private sealed class CancelFlag
    {
        public volatile bool Set;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data set {Id}: writing the download's progress failed; trying again at the next write.")]
    private static partial void LogProgressFailed(ILogger logger, Exception exception, long id);
}
