using Hangfire;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// At start-up, queues again the backtests a previous process left queued or running (Hangfire's in-memory queue does
/// not survive a restart); they start from the first bar.
/// </summary>
public sealed class BacktestRecovery(IDbContextFactory<BreakoutBotDbContext> contexts, IBackgroundJobClient jobs, ILogger<BacktestRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stranded = await db.Set<BacktestRunEntity>()
            .Where(b => b.Status == BacktestStatus.Queued || b.Status == BacktestStatus.Running)
            .ToListAsync(cancellationToken);
        foreach (var run in stranded)
        {
            run.Message = run.Status == BacktestStatus.Running
                ? "Interrupted by a portal restart; queued again from the first bar."
                : "Queued again after a portal restart.";
            run.Status = BacktestStatus.Queued;
            run.BarsDone = 0;
            run.StartedAt = null;
            run.HangfireJobId = jobs.Enqueue<BacktestJob>(j => j.RunAsync(run.Id, CancellationToken.None));
        }
        await db.SaveChangesAsync(cancellationToken);
        if (stranded.Count > 0)
        {
            logger.LogInformation("Queued again {Count} backtests interrupted by the last shutdown", stranded.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
