using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>
/// Test-only authentication: a request with header <c>X-Test-User: alice</c> and optionally
/// <c>X-Test-Roles: Trader,Viewer</c> is signed in as that user (name and id = the header value) with those roles,
/// but only when the setting <c>Testing:TestAuth</c> is true. Requests without the header fall through to the real
/// Identity cookie (see <see cref="TestAuthenticationExtensions.AddTestAuthentication"/>), so anonymous requests still
/// redirect to the log-in page. A test user who lacks a role gets a plain 403.
/// </summary>
public sealed class TestAuthHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IConfiguration configuration) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string UserHeader = "X-Test-User";
    public const string RolesHeader = "X-Test-Roles";
    public const string EnabledSetting = "Testing:TestAuth";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!configuration.GetValue<bool>(EnabledSetting)
            || !Request.Headers.TryGetValue(UserHeader, out var userHeader)
            || string.IsNullOrWhiteSpace(userHeader.ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var user = userHeader.ToString();
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user),
            new(ClaimTypes.Name, user),
        };
        var roles = Request.Headers[RolesHeader].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
