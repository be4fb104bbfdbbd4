using System.Security.Claims;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// The signed-in user's principal says whether their two-factor log-in is on (<see cref="EnabledClaim"/>), so a request
/// is judged against <see cref="TwoFactorOptions.RequiredFor"/> without another query. The principal is made again at
/// every sign-in and whenever the security stamp is checked, and turning two-factor log-in on or off rotates the stamp.
/// </summary>
public sealed class TwoFactorClaimsPrincipalFactory(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    public const string EnabledClaim = "breakoutbot:two-factor";

    /// <summary>True when <paramref name="user"/>'s principal says two-factor log-in is on.</summary>
    public static bool IsEnabled(ClaimsPrincipal user) =>
        user?.FindFirst(EnabledClaim)?.Value == "on";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(EnabledClaim, await UserManager.GetTwoFactorEnabledAsync(user) ? "on" : "off"));
        return identity;
    }
}
