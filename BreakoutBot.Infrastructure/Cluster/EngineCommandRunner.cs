using BreakoutBot.Infrastructure.Engines;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// On a cluster node: polls <see cref="EngineCommandQueue"/> for requests (commands, removals, preset versions) queued on other nodes for the engines this
/// node runs, claims each, runs it through <see cref="EngineCommandService.ExecuteQueuedAsync"/> (audit-logged under the
/// user who sent it) and writes the outcome back. Nothing on a single node.
/// </summary>
public sealed partial class EngineCommandRunner(EngineCommandQueue queue, EngineCommandService commands, EngineFence fence, TimeProvider time, ILogger<EngineCommandRunner> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queue.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunPendingAsync(stoppingToken);
                await Task.Delay(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    /// <summary>Runs every queued command of the engines this node holds.</summary>
    public async Task RunPendingAsync(CancellationToken cancellationToken)
    {
        var held = fence.HeldLeases().Select(h => h.EngineId).ToList();
        foreach (var request in await queue.PendingForAsync(held, cancellationToken))
        {
            if (!await queue.ClaimAsync(request.Id, cancellationToken))
            {
                continue;
            }
            var outcome = await commands.ExecuteQueuedAsync(request, cancellationToken);
            await queue.CompleteAsync(request.Id, outcome.Success, $"{outcome.Message} (ran on node {fence.NodeId})", cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Running queued engine commands failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
