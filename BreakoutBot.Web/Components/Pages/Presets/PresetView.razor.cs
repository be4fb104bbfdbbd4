using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BreakoutBot.Web.Components.Pages.Presets;

/// <summary>
/// One preset: its owner, latest content, version history with restore, a field-level diff and "apply" (pins the user's
/// engines on this preset to the latest version and reloads the running ones). Edit, restore and delete are offered only
/// to the owner or an Admin; the store checks that again.
/// </summary>
public partial class PresetView
{
    private PresetVersion? _latest;
    private IReadOnlyList<PresetVersionInfo> _history = [];
    private IReadOnlyList<PresetChange> _diff = [];
    private ClaimsPrincipal _user = new();
    private bool _canEdit;
    private bool _canModify;
    private PresetOwner? _owner;
    private bool _loading = true;
    private bool _applying;
    private int _from;
    private int _to;

    [Parameter]
    public string Name { get; set; } = "";

    [Inject]
    private IPresetStore Store { get; set; } = null!;

    [Inject]
    private EngineCommandService Commands { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private IServiceProvider Services { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _user = AuthState is null ? new ClaimsPrincipal() : (await AuthState).User;
        _canEdit = PresetPermissions.CanEdit(_user);
        await LoadAsync();
        _loading = false;
    }

    private async Task LoadAsync()
    {
        _latest = await Store.GetLatestAsync(Name);
        _owner = _latest is null ? null : await Store.GetOwnerAsync(Name);
        _canModify = _owner is not null && PresetPermissions.CanModify(_user, _owner);
        _history = _latest is null ? [] : await Store.HistoryAsync(Name);
        if (_history.Count >= 2)
        {
            await CompareAsync(_history[1].Version, _history[0].Version);
        }
    }

    private async Task CompareAsync(int from, int to)
    {
        _from = from;
        _to = to;
        var a = await Store.GetVersionAsync(Name, from);
        var b = await Store.GetVersionAsync(Name, to);
        _diff = a is null || b is null ? [] : PresetDiff.Compare(a.Json, b.Json);
    }

    private async Task RestoreAsync(int version)
    {
        var result = await Store.RestoreAsync(_user, Name, version);
        Snackbar.Add(result.Message, result.Success ? Severity.Success : result.Status == PresetSaveStatus.Unchanged ? Severity.Info : Severity.Error);
        await LoadAsync();
    }

    /// <summary>Deletes the preset after a confirmation; refused while any engine (anyone's, on any node) uses it.</summary>
    private async Task DeleteAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete preset", $"Delete '{Name}' and all its versions? This cannot be undone.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        // This node's engines; the store adds those the database holds (other nodes', and stored ones not running).
        var result = await Store.DeleteAsync(_user, Name, Commands.EnginesUsingPreset(Name));
        Snackbar.Add(result.Message, result.Success ? Severity.Success : Severity.Error);
        if (result.Success)
        {
            Navigation.NavigateTo("/presets");
        }
    }

    /// <summary>
    /// Pins every engine the user controls that uses this preset to the latest version and reloads the running ones (the
    /// only way a new version reaches an engine); the command service checks ownership again.
    /// </summary>
    private async Task ApplyAsync()
    {
        if (_latest is null)
        {
            return;
        }
        _applying = true;
        try
        {
            // This node's engines and, in a cluster, those other nodes run (the service sends theirs to the owner node).
            var targets = Commands.Visible(_user)
                .Where(h => EngineCommandService.AccessFor(_user, h) == EngineAccess.Control
                    && string.Equals(h.Status.Preset ?? h.PresetName, Name, StringComparison.Ordinal))
                .Select(h => (h.Id, h.Name))
                .Concat((Services.GetService<RemoteEngineStatusCache>()?.List() ?? [])
                    .Where(r => EngineCommandService.AccessFor(_user, r.OwnerId) == EngineAccess.Control
                        && string.Equals(r.Status.Preset ?? r.Engine.PresetName, Name, StringComparison.Ordinal))
                    .Select(r => (Id: r.EngineId, r.Engine.Name)))
                .ToList();
            if (targets.Count == 0)
            {
                Snackbar.Add($"None of your engines uses '{Name}'.", Severity.Info);
                return;
            }
            var done = 0;
            var queued = 0;
            foreach (var (id, name) in targets)
            {
                var outcome = await Commands.ApplyPresetVersionAsync(_user, id, Name, _latest.Version);
                if (outcome.Success)
                {
                    done++;
                }
                else if (outcome.Status == EngineCommandStatus.Pending)
                {
                    queued++;
                }
                else
                {
                    Snackbar.Add($"{name}: {outcome.Message}", Severity.Error);
                }
            }
            var waiting = queued == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; {queued} queued for the node that runs it, which applies it when it picks it up");
            Snackbar.Add(string.Create(CultureInfo.InvariantCulture, $"Applied '{Name}' v{_latest.Version} to {done} of {PortalFormat.Count(targets.Count, "engine")}; running ones were reloaded{waiting}."),
                done + queued == targets.Count ? Severity.Success : Severity.Warning);
        }
        finally
        {
            _applying = false;
        }
    }
}
