using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BreakoutBot.Web.Components.Pages.Admin;

/// <summary>
/// The administrator's user list: create users with a role, tick roles on and off, lock and unlock. Every action
/// goes through <see cref="UserAdministration"/>, which checks on the server that the acting user is an administrator.
/// </summary>
public partial class Users
{
    private IReadOnlyList<UserSummary>? _users;
    private string? _loadError;
    private string? _createError;
    private string _newEmail = string.Empty;
    private string _newPassword = string.Empty;
    private string _newRole = Roles.Trader;
    private bool _busy;

    [Inject]
    private UserAdministration Administration { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IOptions<IdentityOptions> Identity { get; set; } = default!;

    /// <summary>The password rules the server checks, as configured (not a copy that could drift from them).</summary>
    private string PolicyText => PortalFormat.PasswordRules(Identity.Value.Password);

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task<ClaimsPrincipal> ActorAsync() => (await AuthenticationState).User;

    private async Task LoadAsync()
    {
        try
        {
            _users = await Administration.ListUsersAsync(await ActorAsync());
            _loadError = null;
        }
        catch (UnauthorizedAccessException ex)
        {
            _users = [];
            _loadError = ex.Message;
        }
    }

    private async Task CreateAsync()
    {
        var result = await RunAsync(async actor => await Administration.CreateUserAsync(actor, _newEmail, _newPassword, _newRole));
        _createError = result.Succeeded ? null : result.Message;
        if (result.Succeeded)
        {
            _newEmail = string.Empty;
            _newPassword = string.Empty;
        }
    }

    private Task<UserAdminResult> SetRoleAsync(UserSummary user, string role, bool on) =>
        RunAsync(actor => on ? Administration.AddRoleAsync(actor, user.Id, role) : Administration.RemoveRoleAsync(actor, user.Id, role));

    private Task<UserAdminResult> LockAsync(UserSummary user) => RunAsync(actor => Administration.LockAsync(actor, user.Id));

    private Task<UserAdminResult> ResetTwoFactorAsync(UserSummary user) => RunAsync(actor => Administration.ResetTwoFactorAsync(actor, user.Id));

    private Task<UserAdminResult> UnlockAsync(UserSummary user) => RunAsync(actor => Administration.UnlockAsync(actor, user.Id));

    private async Task<UserAdminResult> RunAsync(Func<ClaimsPrincipal, Task<UserAdminResult>> action)
    {
        _busy = true;
        try
        {
            var result = await action(await ActorAsync());
            Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Error);
            await LoadAsync();
            return result;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string LockText(DateTimeOffset? end) =>
        end is { } e && e.Year < 9999 ? "until " + PortalFormat.Time(e) : "by an administrator";
}
