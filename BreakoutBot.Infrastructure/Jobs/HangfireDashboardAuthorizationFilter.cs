using BreakoutBot.Domain.Constants;
using Hangfire.Dashboard;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>
/// The Hangfire dashboard runs outside Blazor's authorisation: only a signed-in Admin passes (Hangfire answers 401 to
/// anonymous visitors and 403 to other users).
/// </summary>
public sealed class HangfireDashboardAuthorizationFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Admin);
    }
}
