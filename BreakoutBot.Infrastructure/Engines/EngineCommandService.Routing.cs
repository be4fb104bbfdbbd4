using System.Security.Claims;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Cluster;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// Requests for an engine another cluster node runs (ADR-020): commands, removals and preset versions are authorised on
/// the node the user is on, against the engine's stored owner, queued for the owner node and run there.
/// </summary>
public sealed partial class EngineCommandService
{
    private Task<EngineCommandOutcome?> RouteCommandAsync(ClaimsPrincipal user, string engineId, EngineCommand command, string? presetName, CancellationToken cancellationToken) =>
        RouteAsync(user, CommandAction, engineId, command.ToString(), new EngineCommandRequestEntity { Kind = EngineRequestKind.Command, Command = command, PresetName = presetName }, cancellationToken);

    /// <summary>
    /// A request (<paramref name="request"/>: its kind and what it asks for) for an engine this node does not run:
    /// authorised here against the engine's stored owner, queued for the owner node, and answered with its outcome when it
    /// comes within a few seconds, else with "runs on node X, queued". Null when there is no such engine (or no cluster).
    /// Audit-logged under <paramref name="action"/> as <paramref name="what"/>.
    /// </summary>
    private async Task<EngineCommandOutcome?> RouteAsync(ClaimsPrincipal user, string action, string engineId, string what, EngineCommandRequestEntity request, CancellationToken cancellationToken)
    {
        if (queue is not { Enabled: true })
        {
            return null;
        }
        if (await queue.FindRemoteAsync(engineId, cancellationToken) is not { } remote)
        {
            Audit(user, action, engineId, $"{what}: no such engine", false);
            return null;
        }
        if (AccessFor(user, remote.OwnerUserId) != EngineAccess.Control)
        {
            Audit(user, action, engineId, $"{what}: forbidden", false);
            return new EngineCommandOutcome(EngineCommandStatus.Forbidden, Refusal("control", engineId));
        }
        var where = remote.Node is null ? "no node runs it right now" : $"it runs on node {remote.Node}";
        request.EngineId = engineId;
        request.UserId = UserId(user);
        request.UserName = user.Identity?.Name;
        var (_, success, result, payload) = await queue.QueueAndWaitAsync(request, cancellationToken);
        if (success is null)
        {
            Audit(user, action, engineId, $"{what}: queued ({where})", true);
            return new EngineCommandOutcome(EngineCommandStatus.Pending, $"Engine '{engineId}': {where}; the request is queued and runs there when that node picks it up.");
        }
        var states = request.Kind == EngineRequestKind.Command ? RemoteCommandStates.Read(payload, request.Command, success.Value, result ?? "") : null;
        return new EngineCommandOutcome(success.Value ? EngineCommandStatus.Done : EngineCommandStatus.Refused, result ?? "", states);
    }

    /// <summary>
    /// Runs a request another cluster node queued for an engine this node runs (<see cref="EngineCommandRunner"/>). It was
    /// authorised where it was sent, and is authorised again here, as the user stands now: a request older than
    /// <see cref="Cluster.EngineCommandQueue.MaxAge"/>, or from a user since deleted, locked or no longer allowed to control
    /// the engine, is refused. It is audit-logged here under the user who sent it.
    /// </summary>
    public async Task<EngineCommandOutcome> ExecuteQueuedAsync(EngineCommandRequestEntity request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var claims = new List<Claim>();
        if (request.UserId is not null)
        {
            claims.Add(new Claim(ClaimTypes.NameIdentifier, request.UserId));
        }
        if (request.UserName is not null)
        {
            claims.Add(new Claim(ClaimTypes.Name, request.UserName));
        }
        var sender = new ClaimsPrincipal(new ClaimsIdentity(claims, "queued"));
        var (action, what) = request.Kind switch
        {
            EngineRequestKind.Remove => (RemoveAction, "remove"),
            EngineRequestKind.ApplyPresetVersion => (ApplyPresetAction, PresetTarget(request.PresetName ?? "", request.PresetVersion ?? 0)),
            _ => (CommandAction, request.Command?.ToString() ?? "command"),
        };
        var age = _time.GetUtcNow() - request.RequestedAt;
        if (age > Cluster.EngineCommandQueue.MaxAge)
        {
            return Refuse(sender, action, request.EngineId, what,
                $"queued at {request.RequestedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {age.TotalMinutes:0} minutes ago, too long to run now; send it again if it is still wanted");
        }
        var requester = queue is null ? null : await queue.RequesterAsync(request.UserId, cancellationToken);
        if (requester is null)
        {
            return Refuse(sender, action, request.EngineId, what, "the user who sent it no longer exists or is locked");
        }
        var handle = registry.Get(request.EngineId);
        if (handle is null)
        {
            Audit(requester, action, request.EngineId, $"{what}: queued, but the engine no longer runs on this node", false);
            return new EngineCommandOutcome(EngineCommandStatus.NotFound, $"Engine '{request.EngineId}' no longer runs on this node.");
        }
        if (AccessFor(requester, handle) != EngineAccess.Control)
        {
            return Refuse(requester, action, request.EngineId, what, "the user who sent it may no longer control this engine");
        }
        try
        {
            return request.Kind switch
            {
                EngineRequestKind.Command when request.Command is { } command => await RunAsync(requester, handle, command, request.PresetName, _ => { }, cancellationToken),
                EngineRequestKind.Remove => RemoveHere(requester, handle),
                EngineRequestKind.ApplyPresetVersion when request.PresetName is { } preset && request.PresetVersion is { } version =>
                    await ApplyPresetHereAsync(requester, handle, preset, version, cancellationToken),
                _ => Refuse(requester, action, request.EngineId, what, "the queued request is incomplete"),
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Audit(requester, action, request.EngineId, $"{what}: failed: {ex.Message}", false);
            return new EngineCommandOutcome(EngineCommandStatus.Failed, $"{what} failed: {ex.Message}");
        }
    }

    private EngineCommandOutcome Refuse(ClaimsPrincipal user, string action, string engineId, string what, string why)
    {
        Audit(user, action, engineId, $"{what}: {why}", false);
        return new EngineCommandOutcome(EngineCommandStatus.Refused, $"{what}: {why}.");
    }
}
