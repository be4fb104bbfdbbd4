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
    /// <summary>
    /// <c>POST /Account/Logout</c>: with a valid antiforgery token, ends every session of the account (new security
    /// stamp, checked on every request: ADR-012; open circuits and hub connections are told at once) and returns to the
    /// log-in page; without one, 400 and nothing changes.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(IdentityPolicy.LogoutPath, LogOutAsync)
            .WithMetadata(new RequireAntiforgeryTokenAttribute(required: true));
        return endpoints;
    }

    private static async Task<Results<RedirectHttpResult, BadRequest<string>>> LogOutAsync(
        HttpContext context,
        SignInManager<ApplicationUser> signIn,
        IAuditLog audit,
        SessionRevocations revocations)
    {
        // The antiforgery middleware only records its verdict; an endpoint that binds no form must refuse a bad or
        // missing token itself (no verdict at all, e.g. the middleware missing, is refused too).
        if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
        {
            return TypedResults.BadRequest("Log-out needs the form's antiforgery token; use the Log out button.");
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var account = await signIn.UserManager.GetUserAsync(user);
            if (account is not null)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(account);
                // Open dashboards and live-event connections of this account end now, in every browser.
                revocations.Revoke(account.Id);
            }

            audit.Record(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity.Name, AuditActions.LogOut, null, null);
        }

        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect(IdentityPolicy.LoginPath);
    }
}
