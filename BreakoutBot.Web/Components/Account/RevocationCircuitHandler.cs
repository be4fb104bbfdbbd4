using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BreakoutBot.Web.Components.Account;

/// <summary>
/// Tells the circuit's authentication state provider, once the circuit is open, that it serves a live tab, so it follows
/// the user's revocations (<see cref="IdentityRevalidatingAuthenticationStateProvider.FollowRevocations"/>).
/// </summary>
public sealed class RevocationCircuitHandler(AuthenticationStateProvider authentication) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        (authentication as IdentityRevalidatingAuthenticationStateProvider)?.FollowRevocations();
        return Task.CompletedTask;
    }
}
