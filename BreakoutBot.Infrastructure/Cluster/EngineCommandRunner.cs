using BreakoutBot.Infrastructure.Engines;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// On a cluster node: polls <see cref="EngineCommandQueue"/> for requests (commands, removals, preset versions) queued on other nodes for the engines this
/// node runs, claims each, runs it through <see cref="EngineCommandService.ExecuteQueuedAsync"/> (audit-logged under the
/// user who sent it) and writes the outcome back; a chart asked for (a read, authorised by the asking node) is drawn by
/// <see cref="IEngineChartSource"/> and sent back. Nothing on a single node.
/// </summary>
public sealed partial class EngineCommandRunner(
    EngineCommandQueue queue,
    EngineCommandService commands,
    EngineFence fence,
    TimeProvider time,
    ILogger<EngineCommandRunner> logger,
    EngineRegistry? registry = null,
    IEngineChartSource? charts = null) : BackgroundService
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
            if (request.Kind == EngineRequestKind.Unrecognised)
            {
                // Queued by a later version of the portal (a cluster upgraded node by node): answered at once, so the
                // asking node says why instead of waiting, and the requests after it still run.
                await queue.CompleteAsync(request.Id, false, $"Node {fence.NodeId} cannot run this kind of request: it runs an earlier version of BreakoutBot than the node that asked. The nodes of a cluster should run the same version.", cancellationToken);
                continue;
            }
            if (request.Kind == EngineRequestKind.Chart)
            {
                await AnswerChartAsync(request, cancellationToken);
                continue;
            }
            var outcome = await commands.ExecuteQueuedAsync(request, cancellationToken);
            await queue.CompleteAsync(request.Id, outcome.Success, $"{outcome.Message} (ran on node {fence.NodeId})", cancellationToken, RemoteCommandStates.ToPayload(outcome.Result));
        }
    }

    private async Task AnswerChartAsync(EngineCommandRequestEntity request, CancellationToken cancellationToken)
    {
        var handle = registry?.Get(request.EngineId);
        if (handle is null || charts is null || string.IsNullOrWhiteSpace(request.InstrumentId))
        {
            var why = handle is null ? "the engine no longer runs on this node" : charts is null ? "this node does not draw charts" : "no instrument was asked for";
            await queue.CompleteAsync(request.Id, false, $"No chart: {why} (node {fence.NodeId}).", cancellationToken);
            return;
        }
        try
        {
            var chart = await charts.DrawAsync(handle, request.InstrumentId, cancellationToken);
            await queue.CompleteAsync(
                request.Id,
                chart is not null,
                chart is null ? $"The engine has no market for {request.InstrumentId} (node {fence.NodeId})." : $"Drawn on node {fence.NodeId}.",
                cancellationToken,
                chart);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogChartFailed(logger, ex, request.EngineId, request.InstrumentId);
            await queue.CompleteAsync(request.Id, false, $"The chart could not be drawn on node {fence.NodeId}: {ex.Message}", cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drawing the chart of {InstrumentId} for engine {EngineId} failed.")]
    private static partial void LogChartFailed(ILogger logger, Exception exception, string engineId, string? instrumentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Running queued engine commands failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
