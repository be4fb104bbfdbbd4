using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Engines.Push;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace BreakoutBot.Web.Hubs;

/// <summary>
/// Live engine events over SignalR at <see cref="Path"/> (ADR-017). A signed-in client calls <c>Subscribe(engineId)</c>
/// and then receives every message of that engine on the client method <see cref="MessageMethod"/> as
/// <c>{type, ts, engineId, publishedAt, data}</c> (types in <see cref="BreakoutBot.Infrastructure.Engines.Push.EnginePushTypes"/>).
/// Each engine is authorised like the UI: Admin and Viewer see every engine, a Trader only their own
/// (<see cref="EngineCommandService.AccessFor"/>); a refused subscription is a hub error and is audit-logged.
/// With several nodes (<see cref="EnginePushMode.ThroughGroups"/>) an engine running on another node is authorised from
/// its stored row, and its messages arrive through the engine's group (<see cref="EngineGroupRelay"/>).
/// A connection signed in with the browser's session ends when that session is ended (log-out in any browser, password
/// change, an administrator's lock or change of the user's roles: <see cref="SessionRevocations"/>), and its
/// subscriptions with it; a connection signed in with an API token ends when the token is revoked or the user's roles
/// change or the user is locked.
/// </summary>
[Authorize]
public sealed class EngineHub(EngineRegistry registry, EngineHubSubscriptions subscriptions, EnginePushMode mode, EngineInstanceStore stored, TimeProvider time, IAuditLog audit, SessionRevocations revocations, ApiTokenService tokens) : Hub
{
    public const string Path = "/hubs/engines";

    /// <summary>The client method every message arrives on.</summary>
    public const string MessageMethod = "message";

    public const string SubscribeAction = "engine.push.subscribe";

    /// <summary>The connection's watch on its user's session (<see cref="SessionRevocations"/>), in its items.</summary>
    private static readonly object RevocationKey = new();

    /// <summary>
    /// The SignalR group of an engine's subscribers, on every node: with the Redis backplane (ADR-019) a message sent to
    /// it through any node's <c>IHubContext&lt;EngineHub&gt;</c> reaches each subscriber wherever it is connected.
    /// </summary>
    public static string GroupFor(string engineId) => "engine:" + engineId;

    /// <summary>Starts the engine's messages for this connection; the first is its current status (ENGINE_UPDATE).</summary>
    public async Task<string> Subscribe(string engineId)
    {
        if (string.IsNullOrWhiteSpace(engineId))
        {
            throw new HubException("engineId: give the id of an engine.");
        }
        var user = Context.User ?? new System.Security.Claims.ClaimsPrincipal();
        var handle = registry.Get(engineId);
        var ownerId = handle?.OwnerId;
        if (handle is null && mode.ThroughGroups)
        {
            // Not on this node: it may run on another one, which sends its messages to the group.
            ownerId = (await stored.LoadAsync(engineId, Context.ConnectionAborted))?.OwnerId;
        }
        if (ownerId is null || EngineCommandService.AccessFor(user, ownerId) == EngineAccess.None)
        {
            audit.Record(EngineCommandService.UserId(user), user.Identity?.Name, SubscribeAction, engineId, "live events refused: no such engine or no access", false);
            // The same answer for "not there" and "not yours": an engine's existence is not disclosed.
            throw new HubException($"engineId: no engine '{engineId}' you may see.");
        }
        if (!mode.ThroughGroups)
        {
            subscriptions.Add(Context.ConnectionId, handle!);
        }
        else if (handle is not null)
        {
            // The current status first, as on a single node; what follows comes through the group.
            foreach (var message in new EnginePushMapper().Map(new EngineStatusChangedEvent(handle.Id, time.GetUtcNow(), handle.Status, handle.CommandProgress), time.GetUtcNow()))
            {
                await Clients.Caller.SendAsync(MessageMethod, message);
            }
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupFor(engineId));
        audit.Record(EngineCommandService.UserId(user), user.Identity?.Name, SubscribeAction, engineId, "live events subscribed");
        return engineId;
    }

    /// <summary>Stops the engine's messages for this connection (no error when it was not subscribed).</summary>
    public async Task Unsubscribe(string engineId)
    {
        subscriptions.Remove(Context.ConnectionId, engineId ?? "");
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupFor(engineId ?? ""));
    }

    public override Task OnConnectedAsync()
    {
        var context = Context;
        if (EngineCommandService.UserId(context.User ?? new System.Security.Claims.ClaimsPrincipal()) is { Length: > 0 } userId)
        {
            var tokenId = Guid.TryParse(context.User!.FindFirst(ApiClaims.TokenId)?.Value, out var id) ? id : (Guid?)null;
            context.Items[RevocationKey] = revocations.Watch(userId, async () =>
            {
                if (!await revocations.IsCurrentAsync(context.User!)
                    || (tokenId is { } token && !await tokens.IsActiveAsync(token)))
                {
                    context.Abort();
                }
            });
        }
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        (Context.Items.TryGetValue(RevocationKey, out var watch) ? watch as IDisposable : null)?.Dispose();
        subscriptions.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
