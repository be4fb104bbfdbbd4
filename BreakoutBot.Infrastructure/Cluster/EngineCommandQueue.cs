using System.Security.Claims;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// Commands, removals and preset versions for engines that run on another cluster node (ADR-020): the node the user is on
/// checks the user may control the engine (from its stored owner), queues the request in <c>EngineCommandRequests</c> and
/// waits a few seconds for the owner node (<see cref="EngineCommandRunner"/>) to run it; the user gets that outcome, or
/// "runs on node X, queued".
/// </summary>
public sealed class EngineCommandQueue(IDbContextFactory<BreakoutBotDbContext> contexts, IOptions<ClusterOptions> options, TimeProvider time)
{
    /// <summary>How long a caller waits for the owner node's answer before being told the command is queued.</summary>
    public static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How old a request may be when the owner node picks it up: an older one (its node was down, the engine was between
    /// nodes) is refused rather than run long after the user asked; they send it again if they still want it.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public bool Enabled => options.Value.Enabled;

    /// <summary>
    /// The user who queued a request as the store knows them now, with their current roles, for the owner node to
    /// authorise the request again when it runs it; null when the user no longer exists or is locked.
    /// </summary>
    public async Task<ClaimsPrincipal?> RequesterAsync(string? userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await StoredUser.LoadAsync(db, userId, time.GetUtcNow(), cancellationToken) is not { } user)
        {
            return null;
        }
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.UserName) };
        claims.AddRange(user.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "queued"));
    }

    /// <summary>The stored owner (user) of an engine this node does not run and the node whose lease is current; null when there is no such engine.</summary>
    public async Task<(string OwnerUserId, string? Node)?> FindRemoteAsync(string engineId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Engines.AsNoTracking().Where(e => e.Id == engineId).Select(e => new { e.OwnerUserId }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var node = await db.EngineLeases.AsNoTracking().Where(l => l.EngineId == engineId && l.ExpiresAt > now).Select(l => l.OwnerNode).FirstOrDefaultAsync(cancellationToken);
        return (row.OwnerUserId ?? EngineRegistry.SystemOwner, node);
    }

    /// <summary>
    /// Queues an authorised request (<paramref name="row"/>: engine, kind and what it asks for, and the requesting user) and
    /// waits up to <see cref="AnswerWait"/> for its outcome (null: not run yet) and what the owner node sent with it (a
    /// command's states before and after: <see cref="RemoteCommandStates"/>).
    /// </summary>
    public async Task<(long Id, bool? Success, string? Result, string? Payload)> QueueAndWaitAsync(EngineCommandRequestEntity row, CancellationToken cancellationToken)
    {
        var id = await QueueAsync(row, cancellationToken);
        var answer = await WaitAsync(id, withPayload: true, cancellationToken);
        return (id, answer?.Success, answer?.Result, answer?.Payload);
    }

    /// <summary>
    /// Asks the owner node for a read (<see cref="EngineRequestKind.Chart"/>): queues <paramref name="row"/>, waits up to
    /// <see cref="AnswerWait"/> for the answer and deletes the request either way (a read is not kept; an answer that comes
    /// later updates nothing). Null when the owner node did not answer in time.
    /// </summary>
    public async Task<(bool Success, string? Result, string? Payload)?> AskAsync(EngineCommandRequestEntity row, CancellationToken cancellationToken)
    {
        var id = await QueueAsync(row, cancellationToken);
        try
        {
            return await WaitAsync(id, withPayload: true, cancellationToken) is { } answer ? (answer.Success ?? false, answer.Result, answer.Payload) : null;
        }
        finally
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            await db.EngineCommandRequests.Where(r => r.Id == id).ExecuteDeleteAsync(CancellationToken.None);
        }
    }

    private async Task<long> QueueAsync(EngineCommandRequestEntity row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        row.RequestedOn = options.Value.EffectiveNodeId;
        row.RequestedAt = time.GetUtcNow();
        db.EngineCommandRequests.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    private async Task<Answer?> WaitAsync(long id, bool withPayload, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + AnswerWait;
        while (time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var done = await db.EngineCommandRequests.AsNoTracking().Where(r => r.Id == id && r.CompletedAt != null)
                .Select(r => new Answer(r.Success, r.Result, withPayload ? r.Payload : null)).FirstOrDefaultAsync(cancellationToken);
            if (done is not null)
            {
                return done;
            }
        }
        return null;
    }

    private sealed record Answer(bool? Success, string? Result, string? Payload);

    /// <summary>The queued commands of the engines this node runs, oldest first.</summary>
    public async Task<IReadOnlyList<EngineCommandRequestEntity>> PendingForAsync(IReadOnlyCollection<string> engineIds, CancellationToken cancellationToken)
    {
        if (engineIds.Count == 0)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.EngineCommandRequests.AsNoTracking().Where(r => r.RunOn == null && engineIds.Contains(r.EngineId)).OrderBy(r => r.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Claims a queued command for this node; false when another node claimed it first.</summary>
    public async Task<bool> ClaimAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var node = options.Value.EffectiveNodeId;
        return await db.EngineCommandRequests.Where(r => r.Id == id && r.RunOn == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.RunOn, node), cancellationToken) == 1;
    }

    /// <summary>Writes a request's outcome (and a read's answer) back for the node that queued it.</summary>
    public async Task CompleteAsync(long id, bool success, string result, CancellationToken cancellationToken, string? payload = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var text = result.Length <= 2000 ? result : result[..2000];
        await db.EngineCommandRequests.Where(r => r.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.CompletedAt, now).SetProperty(r => r.Success, success).SetProperty(r => r.Result, text).SetProperty(r => r.Payload, payload), cancellationToken);
    }
}
