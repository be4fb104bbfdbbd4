using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace BreakoutBot.Web.Endpoints;

public static class AccountEndpoints
{
    /// <summary><c>POST /Account/Logout</c>: signs out (antiforgery token required) and returns to the log-in page.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(IdentityPolicy.LogoutPath, LogOutAsync)
            .WithMetadata(new RequireAntiforgeryTokenAttribute(required: true));
        return endpoints;
    }

    private static async Task<RedirectHttpResult> LogOutAsync(ClaimsPrincipal user, SignInManager<ApplicationUser> signIn, IAuditLog audit)
    {
        if (user.Identity?.IsAuthenticated == true)
        {
            audit.Record(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity.Name, AuditActions.LogOut, null, null);
        }

        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect(IdentityPolicy.LoginPath);
    }
}
