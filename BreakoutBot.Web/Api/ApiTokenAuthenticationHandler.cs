using System.Security.Claims;
using System.Text.Encodings.Web;
using BreakoutBot.Infrastructure.ApiTokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Api;

/// <summary>
/// <c>Authorization: Bearer bbt_…</c>: the token's owner with their current roles plus a <see cref="ApiClaims.Scope"/>
/// claim. Unknown, expired and revoked tokens and tokens of locked or deleted users fail; a challenge answers 401 with
/// <c>WWW-Authenticate: Bearer</c> (the body is written as ProblemDetails by <see cref="ApiProblemMiddleware"/>).
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!ApiAuthentication.TryGetBearer(Request, out var token))
        {
            return AuthenticateResult.NoResult();
        }
        var identity = await tokens.AuthenticateAsync(token, Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("The token is unknown, expired or revoked, or its user is locked.");
        }
        var claims = new List<Claim>(identity.Roles.Count + 4)
        {
            new(ClaimTypes.NameIdentifier, identity.UserId),
            new(ClaimTypes.Name, identity.UserName),
            new(ApiClaims.Scope, ApiClaims.ScopeName(identity.Scope)),
            new(ApiClaims.TokenId, identity.TokenId.ToString()),
        };
        foreach (var role in identity.Roles)
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = ApiAuthentication.TryGetBearer(Request, out _)
            ? "Bearer error=\"invalid_token\""
            : "Bearer";
        BareStatus();
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        BareStatus();
        return Task.CompletedTask;
    }

    // A token client is not a browser: it gets the bare status (or the API's problem body), never the portal's
    // "not found" page re-executed in its place (which answered a bad token on the hub with 400).
    private void BareStatus()
    {
        if (Context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages && !Request.Path.StartsWithSegments("/api"))
        {
            pages.Enabled = false;
        }
    }
}
