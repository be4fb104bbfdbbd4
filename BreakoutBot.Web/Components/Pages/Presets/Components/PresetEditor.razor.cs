using System.Security.Claims;
using BreakoutBot.Infrastructure.Presets;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BreakoutBot.Web.Components.Pages.Presets.Components;

/// <summary>
/// The preset form (edit, or clone under a new name). Every change re-validates; Save is refused while anything is
/// invalid, and the store checks the role and validates again on the server.
/// </summary>
public partial class PresetEditor
{
    private const string NameField = "name";
    private const string DescriptionField = "description";
    private const string TargetMarketsField = "target_markets";

    private PresetForm? _form;
    private ClaimsPrincipal _user = new();
    private int _baseVersion;
    private bool _canEdit;
    private string _readOnlyReason = "";
    private bool _loading = true;
    private bool _saving;

    /// <summary>The preset being edited, or the source of the clone.</summary>
    [Parameter]
    [EditorRequired]
    public string Name { get; set; } = "";

    /// <summary>True to create a new preset from <see cref="Name"/> instead of a new version of it.</summary>
    [Parameter]
    public bool Clone { get; set; }

    [Inject]
    private IPresetStore Store { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        _user = AuthState is null ? new ClaimsPrincipal() : (await AuthState).User;
        _canEdit = PresetPermissions.CanEdit(_user);
        _readOnlyReason = "Presets are read-only for your role; only Traders and Admins edit them.";
        if (_canEdit && !Clone && await Store.GetOwnerAsync(Name) is { } owner && !PresetPermissions.CanModify(_user, owner))
        {
            // Anyone who may create presets may clone this one, but only its owner (or an Admin) saves new versions of it.
            _canEdit = false;
            _readOnlyReason = PresetPermissions.RefusalFor(_user, Name, owner);
        }
        _form = null;
        if (_canEdit)
        {
            var latest = await Store.GetLatestAsync(Name);
            if (latest is not null)
            {
                _baseVersion = latest.Version;
                _form = new PresetForm(latest.Preset);
                if (Clone)
                {
                    _form.Name = latest.Name + "_copy";
                }
                _form.Validate();
            }
        }
        _loading = false;
    }

    /// <summary>The JSON key under a field, with "comma-separated" for lists and what an empty input means where it may be empty.</summary>
    private static string Helper(PresetField field)
    {
        var help = field.Kind == PresetFieldKind.Number ? field.Path : field.Path + " (comma-separated)";
        return PresetLabels.WhenEmpty(field.Path) is { } empty ? $"{help}; empty: {empty}" : help;
    }

    private void Change(Action apply)
    {
        apply();
        _form?.Validate();
    }

    private async Task SaveAsync()
    {
        if (_form is null || _saving)
        {
            return;
        }
        if (!_form.Validate())
        {
            Snackbar.Add("Fix the fields marked in red first; nothing was saved.", Severity.Warning);
            return;
        }
        _saving = true;
        try
        {
            var result = Clone
                ? await Store.CloneAsync(_user, Name, _form.Name, _form.Preset)
                : await Store.SaveAsync(_user, Name, _form.Preset!, _baseVersion);
            Snackbar.Add(result.Message, result.Success ? Severity.Success : result.Status == PresetSaveStatus.Unchanged ? Severity.Info : Severity.Error);
            if (result.Success)
            {
                Navigation.NavigateTo($"/presets/{(Clone ? _form.Name : Name)}");
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
