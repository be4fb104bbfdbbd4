using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Infrastructure.Engines;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BreakoutBot.Web.Components.Pages.Engines;

/// <summary>
/// One engine's live dashboard. It reads the registry's cached status on a 500 ms timer (never waiting on the engine),
/// offers the commands the engine accepts now and the user may send, and sends every command through
/// <see cref="EngineCommandService"/>, which checks role and ownership again on the server.
/// </summary>
public sealed partial class EngineDashboard : IDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);
    private const int ChartPoints = 120;
    private EngineHandle? _handle;
    private EngineStatus? _status;
    private ClaimsPrincipal _user = new();
    private IReadOnlyList<EngineCommand> _commands = [];
    private IReadOnlyList<EquitySample> _equity = [];
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private IReadOnlyList<SignalRecord> _signals = [];
    private ScanOutcome? _scan;
    private string _startPreset = "breakout_v1";
    private bool _busy;
    private Timer? _timer;

    [Parameter]
    public string Id { get; set; } = "";

    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    [Inject]
    private EngineCommandService Commands { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>An engine that is idle or stopped may be removed by whoever controls it (its history stays).</summary>
    private bool CanRemove => _handle is not null && !_handle.IsRunning && EngineCommandService.AccessFor(_user, _handle) == EngineAccess.Control;

    private async Task RemoveAsync()
    {
        if (_handle is null)
        {
            return;
        }
        var confirmed = await Dialogs.ShowMessageBoxAsync("Remove engine", $"Remove '{_handle.Name}'? It will not come back after a restart; its history stays browsable.", yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        var outcome = Commands.Remove(_user, _handle.Id);
        Snackbar.Add(outcome.Message, outcome.Success ? Severity.Success : Severity.Warning);
        if (outcome.Success)
        {
            Navigation.NavigateTo("/engines");
        }
    }

    private IReadOnlyList<string> _presetNames = BreakoutBot.Domain.Presets.PresetCatalog.Names;

    protected override async Task OnParametersSetAsync()
    {
        _user = AuthState is null ? new ClaimsPrincipal() : (await AuthState).User;
        _handle = Commands.Find(_user, Id);
        _startPreset = _handle?.PresetName ?? _startPreset;
        _presetNames = await BreakoutBot.Web.Services.PresetNames.LoadAsync(Services);
        Load(force: true);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _timer = new Timer(_ => _ = InvokeAsync(Tick), null, RefreshInterval, RefreshInterval);
        }
    }

    private void Tick()
    {
        try
        {
            if (Load(force: false))
            {
                StateHasChanged();
            }
        }
        catch (Exception ex)
        {
            _ = DispatchExceptionAsync(ex);
        }
    }

    /// <summary>Copies what the page shows from the cache; true when anything changed.</summary>
    private bool Load(bool force)
    {
        var status = _handle?.Status;
        if (!force && ReferenceEquals(status, _status))
        {
            return false;
        }
        _status = status;
        if (_handle is null || status is null)
        {
            _commands = [];
            return true;
        }
        _commands = EngineCommandService.CommandsFor(_user, _handle, status);
        _equity = _handle.EquityCurve;
        var points = _equity.Skip(Math.Max(0, _equity.Count - ChartPoints)).ToList();
        _series = [new ChartSeries<double> { Name = "Equity", Data = points.Select(p => (double)p.Equity).ToArray() }];
        // Label about eight points so the axis stays readable.
        var every = Math.Max(1, points.Count / 8);
        _labels = points.Select((p, i) => i % every == 0 ? p.Time.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture) : "").ToArray();
        _signals = _handle.Engine.Signals.History.Reverse().Take(15).ToList();
        _scan = _handle.Engine.LastScan;
        return true;
    }

    private async Task RunAsync(EngineCommand command)
    {
        if (_handle is null)
        {
            return;
        }
        if (command is EngineCommand.EmergencyStop or EngineCommand.KillSwitch)
        {
            var text = command == EngineCommand.KillSwitch
                ? "Fire the kill switch? New entries are blocked, positions are closed if the preset says so, and the engine goes to EMERGENCY until reset."
                : "Emergency stop? The engine halts at once and goes to EMERGENCY; open positions keep their resting stops.";
            var confirmed = await Dialogs.ShowMessageBoxAsync(CommandLabel(command), text, yesText: CommandLabel(command), cancelText: "Cancel");
            if (confirmed != true)
            {
                return;
            }
        }
        _busy = true;
        try
        {
            var outcome = await Commands.ExecuteAsync(_user, _handle.Id, command, command == EngineCommand.Start ? _startPreset : null);
            Snackbar.Add(outcome.Message, outcome.Status switch
            {
                EngineCommandStatus.Done => Severity.Success,
                EngineCommandStatus.Refused => Severity.Warning,
                _ => Severity.Error,
            });
        }
        finally
        {
            _busy = false;
            Load(force: true);
        }
    }

    private static string CommandLabel(EngineCommand command) => command switch
    {
        EngineCommand.Start => "Start (paper)",
        EngineCommand.EmergencyStop => "Emergency stop",
        EngineCommand.KillSwitch => "Kill switch",
        _ => command.ToString(),
    };

    private static Color CommandColor(EngineCommand command) => command switch
    {
        EngineCommand.Start or EngineCommand.Resume => Color.Success,
        EngineCommand.EmergencyStop or EngineCommand.KillSwitch => Color.Error,
        EngineCommand.Stop or EngineCommand.Pause => Color.Warning,
        _ => Color.Default,
    };

    private static string Money(decimal v) => v.ToString("N2", CultureInfo.InvariantCulture);

    private static string Num(double v) => double.IsNaN(v) ? "—" : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? t, string format = "yyyy-MM-dd HH:mm") => t?.ToString(format, CultureInfo.InvariantCulture) ?? "—";

    private static string Conditions(Signal signal) =>
        string.Join("; ", signal.Conditions.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {(c.Value.Passed ? "ok" : "no")} {c.Value.Value:0.###} vs {c.Value.Threshold:0.###}")));

    public void Dispose() => _timer?.Dispose();

    [Inject]
    private TimeProvider Clock { get; set; } = TimeProvider.System;

    private string Ago(DateTimeOffset? time) =>
        time is { } t ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (Clock.GetUtcNow() - t).TotalSeconds):0} s ago") : "never";
}
