namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>A token as lists show it: never its value or hash.</summary>
public sealed record ApiTokenSummary(
    Guid Id,
    string Name,
    string OwnerUserId,
    string OwnerName,
    ApiTokenScope Scope,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy)
{
    /// <summary>Active, expired or revoked at <paramref name="now"/>.</summary>
    public string StateAt(DateTimeOffset now) => RevokedAt is not null ? "revoked" : ExpiresAt <= now ? "expired" : "active";

    internal static ApiTokenSummary From(ApiTokenEntity e) =>
        new(e.Id, e.Name, e.OwnerUserId, e.OwnerName, e.Scope, e.CreatedAt, e.ExpiresAt, e.LastUsedAt, e.RevokedAt, e.RevokedBy);
}
