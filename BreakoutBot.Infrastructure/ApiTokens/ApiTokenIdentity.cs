namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>Who a valid token acts for: the token, its scope and expiry, and the owner with their current roles.</summary>
public sealed record ApiTokenIdentity(
    Guid TokenId,
    ApiTokenScope Scope,
    DateTimeOffset ExpiresAt,
    string UserId,
    string UserName,
    IReadOnlyList<string> Roles);
