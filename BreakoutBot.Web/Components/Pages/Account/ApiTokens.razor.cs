using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.ApiTokens;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace BreakoutBot.Web.Components.Pages.Account;

/// <summary>
/// The signed-in user's personal access tokens: create one (name, scope, expiry; the token is shown once with a copy
/// field), list and revoke (after a dialog naming the token confirms it); an Admin also sees and revokes every user's
/// tokens (never their values, which nobody can). Everything goes through <see cref="ApiTokenService"/>, which checks
/// the owner and audit-logs.
/// </summary>
public partial class ApiTokens
{
    private IReadOnlyList<ApiTokenSummary>? _own;
    private IReadOnlyList<ApiTokenSummary>? _all;
    private IReadOnlyList<ApiTokenFieldError> _errors = [];
    private string _name = string.Empty;
    private ApiTokenScope _scope = ApiTokenScope.Read;
    private int _days = ApiTokenRules.DefaultDays;
    private string? _created;
    private string? _createdName;
    private DateTimeOffset _now;
    private bool _busy;

    [Inject]
    private ApiTokenService Tokens { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var user = (await AuthenticationState).User;
        _now = Time.GetUtcNow();
        _own = await Tokens.ListOwnAsync(user);
        _all = user.IsInRole(Roles.Admin) ? await Tokens.ListAllAsync(user) : null;
    }

    private async Task CreateAsync()
    {
        _busy = true;
        try
        {
            var user = (await AuthenticationState).User;
            var result = await Tokens.CreateAsync(user, _name, _scope, _days);
            _errors = result.Errors;
            if (result.Success)
            {
                _created = result.Token;
                _createdName = result.Summary!.Name;
                _name = string.Empty;
                Snackbar.Add($"Token '{_createdName}' created. Copy it now.", Severity.Success);
            }
            else if (result.Refusal is not null)
            {
                Snackbar.Add(result.Refusal, Severity.Error);
            }
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(ApiTokenSummary token)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke token", $"Revoke token '{token.Name}'? Scripts using it stop working at once.",
            yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        _busy = true;
        try
        {
            var refusal = await Tokens.RevokeAsync((await AuthenticationState).User, token.Id);
            Snackbar.Add(refusal ?? $"Token '{token.Name}' revoked.", refusal is null ? Severity.Success : Severity.Error);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CopyAsync()
    {
        if (_created is not null)
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", _created);
            Snackbar.Add("Copied.", Severity.Info);
        }
    }

    private bool HasError(string field) => _errors.Any(e => e.Field == field);

    private string? ErrorFor(string field) => _errors.FirstOrDefault(e => e.Field == field)?.Message;
}
