using System.Security.Claims;
using BreakoutBot.Infrastructure.Credentials;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BreakoutBot.Web.Components.Pages.Account;

/// <summary>
/// The signed-in user's OKX key sets: add one (the form clears after saving, so the secret and passphrase are never
/// shown again), test a key set's connection, delete one after confirming. Everything goes through
/// <see cref="OkxKeyStore"/> with the user's own id, so a page never sees another user's keys.
/// </summary>
public partial class OkxKeys
{
    private IReadOnlyList<OkxKeySetSummary>? _keySets;
    private OkxKeySaveResult? _lastSave;
    private string _label = string.Empty;
    private string _apiKey = string.Empty;
    private string _secretKey = string.Empty;
    private string _passphrase = string.Empty;
    private bool _isDemo = true;
    private Guid? _confirmDelete;
    private bool _busy;

    [Inject]
    private OkxKeyStore Store { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task<(string UserId, string? UserName)> UserAsync()
    {
        var user = (await AuthenticationState).User;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The signed-in user has no id claim.");
        return (id, user.Identity?.Name);
    }

    private async Task LoadAsync()
    {
        var (userId, _) = await UserAsync();
        _keySets = await Store.ListAsync(userId);
    }

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var (userId, userName) = await UserAsync();
            _lastSave = await Store.SaveAsync(userId, _label, _apiKey, _secretKey, _passphrase, _isDemo, userName);
            if (_lastSave.Succeeded)
            {
                _label = string.Empty;
                _apiKey = string.Empty;
                _secretKey = string.Empty;
                _passphrase = string.Empty;
                _isDemo = true;
                Snackbar.Add(_lastSave.Message, Severity.Success);
                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task TestAsync(OkxKeySetSummary keySet)
    {
        _busy = true;
        try
        {
            var (userId, userName) = await UserAsync();
            var result = await Store.TestConnectionAsync(userId, keySet.Id, userName);
            Snackbar.Add($"{keySet.Label}: {result.Message}", result.Ok ? Severity.Success : Severity.Error);
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DeleteAsync(OkxKeySetSummary keySet)
    {
        _busy = true;
        try
        {
            var (userId, userName) = await UserAsync();
            var result = await Store.DeleteAsync(userId, keySet.Id, userName);
            Snackbar.Add(result.Message, result.Status switch
            {
                OkxKeyDeleteStatus.Deleted => Severity.Success,
                OkxKeyDeleteStatus.InUse => Severity.Error,
                _ => Severity.Warning,
            });
            _confirmDelete = null;
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private string? ErrorFor(string field) => _lastSave is { Succeeded: false } r ? r.ErrorFor(field) : null;

    private bool HasError(string field) => ErrorFor(field) is not null;
}
