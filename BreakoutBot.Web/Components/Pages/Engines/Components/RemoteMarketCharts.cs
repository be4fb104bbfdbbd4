using System.Security.Claims;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Web.Components.Shared;

namespace BreakoutBot.Web.Components.Pages.Engines.Components;

/// <summary>
/// The market chart of an engine another cluster node runs (ADR-021): authorised here against the engine's stored owner
/// (Admin and Viewer see any engine, a Trader their own), asked of the owner node through the request queue, which draws
/// it from the engine's memory, and shared by every dashboard on this node open on the same engine, instrument and chart
/// state (one question per bar, not one per page). Only answers are kept; a node that did not answer is asked again.
/// </summary>
public sealed partial class RemoteMarketCharts(EngineCommandQueue queue, ILogger<RemoteMarketCharts> logger)
{
    private readonly Dictionary<(string Engine, string Instrument), (string Key, Task<MarketChartAnswer> Answer)> _latest = [];

    /// <summary>The chart of <paramref name="instrumentId"/>; <paramref name="stateKey"/> names the engine's state it is for (its newest bar, say).</summary>
    public async Task<MarketChartAnswer> GetAsync(ClaimsPrincipal user, string engineId, string instrumentId, string stateKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(engineId);
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        try
        {
            return await GetCoreAsync(user, engineId, instrumentId, stateKey, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The page shows why there is no chart (the database is unreachable, say) instead of failing.
            LogFailed(logger, ex, engineId, instrumentId);
            return new MarketChartAnswer(null, "The chart could not be asked for: " + ex.Message);
        }
    }

    private async Task<MarketChartAnswer> GetCoreAsync(ClaimsPrincipal user, string engineId, string instrumentId, string stateKey, CancellationToken cancellationToken)
    {
        var remote = await queue.FindRemoteAsync(engineId, cancellationToken);
        if (remote is not { } found || EngineCommandService.AccessFor(user, found.OwnerUserId) == EngineAccess.None)
        {
            return new MarketChartAnswer(null, $"No engine '{engineId}' that you may see.");
        }
        // Between nodes (no current lease) the last owner is asked all the same: it answers while it still runs the engine.
        var node = found.Node ?? "";
        var key = (engineId, instrumentId);
        var state = node + "|" + stateKey;
        Task<MarketChartAnswer> answer;
        lock (_latest)
        {
            if (!_latest.TryGetValue(key, out var entry) || entry.Key != state || entry.Answer is { IsCompletedSuccessfully: true, Result.Drawing: null } || entry.Answer.IsFaulted || entry.Answer.IsCanceled)
            {
                entry = (state, AskAsync(user, engineId, instrumentId, node));
                _latest[key] = entry;
            }
            answer = entry.Answer;
        }
        return await answer.WaitAsync(cancellationToken);
    }

    private async Task<MarketChartAnswer> AskAsync(ClaimsPrincipal user, string engineId, string instrumentId, string node)
    {
        var request = new EngineCommandRequestEntity
        {
            EngineId = engineId,
            Kind = EngineRequestKind.Chart,
            InstrumentId = instrumentId,
            UserId = EngineCommandService.UserId(user),
            UserName = user.Identity?.Name,
        };
        // Not the page's cancellation: the answer is shared with the other pages open on this chart.
        var answer = await queue.AskAsync(request, CancellationToken.None);
        if (answer is not { } a)
        {
            var who = node.Length > 0 ? $"Node {node} did not send" : "No node sent";
            return new MarketChartAnswer(null, $"{who} the chart within {PortalFormat.Seconds(EngineCommandQueue.AnswerWait)}; it is asked again when the chart next changes.");
        }
        if (!a.Success)
        {
            return new MarketChartAnswer(null, a.Result ?? "The node that runs the engine sent no chart.");
        }
        return EngineChartSource.Read(a.Payload) is { } drawing
            ? new MarketChartAnswer(drawing, null)
            : new MarketChartAnswer(null, "The node that runs the engine sent a chart this node cannot read (another version?).");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking for the chart of {InstrumentId} of engine {EngineId} failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string engineId, string instrumentId);
}

/// <summary>A market chart to draw, or why there is none.</summary>
public sealed record MarketChartAnswer(MarketChartDrawing? Drawing, string? Problem);
