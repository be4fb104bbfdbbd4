using System.Security.Claims;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;

namespace BreakoutBot.Web.Api;

/// <summary>
/// Finds an engine for a caller: 404 when there is none, 403 when the caller may not see it (named by the id the caller
/// sent, never by the engine's name, which is not theirs to read).
/// </summary>
public static class ApiEngines
{
    public static IResult? Find(EngineRegistry registry, ClaimsPrincipal user, string id, out EngineHandle handle, out EngineAccess access)
    {
        ArgumentNullException.ThrowIfNull(registry);
        handle = registry.Get(id)!;
        access = EngineAccess.None;
        if (handle is null)
        {
            return ApiProblems.NotFound($"No engine '{id}'.");
        }
        access = EngineCommandService.AccessFor(user, handle);
        return access == EngineAccess.None ? ApiProblems.Forbidden($"You may not see engine '{id}'.") : null;
    }

    /// <summary>
    /// The cached status of an engine for a caller: this node's own engine, or in a cluster one another node runs as its
    /// owner last published it (ADR-021), with the same 404 and 403 (role and the stored owner).
    /// </summary>
    public static IResult? FindStatus(EngineRegistry registry, RemoteEngineStatusCache remote, ClaimsPrincipal user, string id, out EngineStatus status)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(remote);
        if (registry.Get(id) is null && remote.Get(id) is { } far)
        {
            status = far.Status;
            return EngineCommandService.AccessFor(user, far.OwnerId) == EngineAccess.None ? ApiProblems.Forbidden($"You may not see engine '{id}'.") : null;
        }
        var problem = Find(registry, user, id, out var handle, out _);
        status = handle?.Status!;
        return problem;
    }

    /// <summary>The commands the caller may send now: none for a read-only token or a user who does not control the engine.</summary>
    public static IReadOnlyList<EngineCommand> CommandsFor(ClaimsPrincipal user, EngineHandle handle) =>
        ApiClaims.MayCommand(user) ? EngineCommandService.CommandsFor(user, handle, handle.Status) : [];

    /// <summary>
    /// The caller's default engine, which the original bot's routes act on: the newest engine the caller owns; when they
    /// own none, the oldest engine they may see (for Admins and Viewers, the portal's default engine).
    /// </summary>
    public static EngineHandle? DefaultFor(EngineRegistry registry, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var userId = EngineCommandService.UserId(user);
        if (userId is not null && registry.ListFor(userId) is { Count: > 0 } own)
        {
            return own[^1];
        }
        return registry.ListAll().FirstOrDefault(h => EngineCommandService.AccessFor(user, h) != EngineAccess.None);
    }
}
