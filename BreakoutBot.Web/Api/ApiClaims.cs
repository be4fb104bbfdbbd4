using System.Security.Claims;
using BreakoutBot.Infrastructure.ApiTokens;

namespace BreakoutBot.Web.Api;

/// <summary>
/// Claims a token adds to its owner's principal. A cookie (browser) principal has no <see cref="Scope"/> claim: it may
/// do whatever the user's role and ownership allow, as on the pages.
/// </summary>
public static class ApiClaims
{
    /// <summary><c>read</c> or <c>control</c>.</summary>
    public const string Scope = "scope";

    /// <summary>The token's id (the rate-limit partition).</summary>
    public const string TokenId = "token_id";

    public static string ScopeName(ApiTokenScope scope) => scope == ApiTokenScope.Control ? "control" : "read";

    /// <summary>True when the caller may send commands: a cookie session, or a token of scope control.</summary>
    public static bool MayCommand(ClaimsPrincipal user) =>
        user?.FindFirstValue(Scope) is null or "control";
}
