using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BreakoutBot.Web.Components.Account;

public static class AccountServiceCollectionExtensions
{
    /// <summary>
    /// Authentication state for components (cascaded, re-validated against the user store every minute in interactive
    /// circuits) and authorization. Identity itself comes from <c>AddIdentityStores</c> in Infrastructure.
    /// </summary>
    public static IServiceCollection AddAccountUi(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, RevocationCircuitHandler>());
        services.AddAuthorization();
        services.AddSingleton<SecondFactorTicket>();
        return services;
    }
}
