namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>
/// One personal access token as stored in the <c>ApiTokens</c> table. The token itself is never stored: only its
/// SHA-256 hash (<see cref="TokenHash"/>, lower-case hex), so a copy of the database cannot be used to call the API.
/// </summary>
public sealed class ApiTokenEntity
{
    public Guid Id { get; set; }

    /// <summary>The Identity user id of the owner; the token acts as this user with their current roles.</summary>
    public string OwnerUserId { get; set; } = "";

    /// <summary>The owner's e-mail when the token was created (for the admin list; the owner is looked up by id).</summary>
    public string OwnerName { get; set; } = "";

    /// <summary>The owner's name for the token, unique per owner.</summary>
    public string Name { get; set; } = "";

    public ApiTokenScope Scope { get; set; }

    /// <summary>SHA-256 of the token text, 64 lower-case hex characters.</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the token last authenticated a request (written at most once a minute).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Who revoked it (user name), when revoked.</summary>
    public string? RevokedBy { get; set; }
}
