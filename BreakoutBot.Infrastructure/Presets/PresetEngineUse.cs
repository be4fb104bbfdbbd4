using System.Security.Claims;
using BreakoutBot.Infrastructure.Engines;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>
/// An engine that uses a preset (it was created with it, or it trades it now), whichever node runs it, or none: by id,
/// so an engine found both in this node's registry and in the database counts once.
/// </summary>
public sealed record PresetEngineUse(string EngineId, string OwnerId, string Name)
{
    /// <summary>Written on behalf of an engine the caller may not see: its name is its owner's to read.</summary>
    public const string OtherUsersEngine = "an engine of another user";

    /// <summary>The engine as <paramref name="user"/> may learn of it: by name when they may see it, else only as another user's.</summary>
    public string DescribeFor(ClaimsPrincipal user) =>
        EngineCommandService.AccessFor(user, OwnerId) == EngineAccess.None ? OtherUsersEngine : Name;
}
