using BreakoutBot.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// At start-up, queues again the downloads a previous process left queued or downloading (Hangfire's in-memory queue
/// does not survive a restart). They resume where they stopped: the files on disk count as done.
/// </summary>
public sealed class DataSetDownloadRecovery(IDbContextFactory<BreakoutBotDbContext> contexts, IBackgroundJobClient jobs, ILogger<DataSetDownloadRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stranded = await db.Set<DataSetEntity>()
            .Where(d => d.Source == DataSetSource.OkxDownload && (d.Status == DataSetStatus.Queued || d.Status == DataSetStatus.Downloading))
            .ToListAsync(cancellationToken);
        foreach (var row in stranded)
        {
            row.Status = DataSetStatus.Queued;
            row.HangfireJobId = jobs.Enqueue<DataSetDownloadJob>(j => j.RunAsync(row.Id, CancellationToken.None));
        }
        await db.SaveChangesAsync(cancellationToken);
        if (stranded.Count > 0)
        {
            logger.LogInformation("Queued again {Count} data-set downloads interrupted by the last shutdown", stranded.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
