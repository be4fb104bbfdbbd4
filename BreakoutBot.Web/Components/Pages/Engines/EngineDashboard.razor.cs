using System.Security.Claims;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Engines.Push;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Web.Components.Layout;
using BreakoutBot.Web.Components.Pages.Engines.Components;
using BreakoutBot.Web.Components.Shared;
using BreakoutBot.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BreakoutBot.Web.Components.Pages.Engines;

/// <summary>
/// One engine's live dashboard. It re-reads the registry's cached status when the engine pushes an event (ADR-017: no
/// timer; bursts coalesced to one render per <see cref="EngineChangeFeed.DashboardWindow"/>; never waiting on the engine),
/// offers the commands the engine accepts now and the user may send, and sends every command through
/// <see cref="EngineCommandService"/>, which checks role and ownership again on the server.
/// </summary>
public sealed partial class EngineDashboard : IDisposable
{
    private const int ChartPoints = 120;
    private EngineHandle? _handle;
    private EngineStatus? _status;
    private ClaimsPrincipal _user = new();
    private bool _journalOpen;
    private IReadOnlyList<EngineCommand> _commands = [];
    private EquitySample? _equityLast;
    private IReadOnlyList<ChartSeries> _equitySeries = [];
    private int _equityCount;
    private TradingMode _mode;
    private string _ownerName = "";
    private EngineCommandProgress? _progress;
    private ScanOutcome? _scan;
    private string _startPreset = "breakout_v1";
    private bool _busy;
    private EngineChangeFeed? _feed;
    private bool _rendered;

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

    [Inject]
    private EngineEventBroadcaster Broadcaster { get; set; } = default!;

    /// <summary>The top bar shows this engine's mode and market while the page is open.</summary>
    [Inject]
    private TopBar TopBar { get; set; } = default!;

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
        var outcome = await Commands.RemoveAsync(_user, _handle.Id);
        Snackbar.Add(outcome.Message, outcome.Success ? Severity.Success : Severity.Warning);
        if (outcome.Success)
        {
            Navigation.NavigateTo("/engines");
        }
    }

    private IReadOnlyList<string> _presetNames = BreakoutBot.Domain.Presets.PresetCatalog.Names;

    /// <summary>In a cluster: the engine runs on another node (or none holds it right now), and the user may see it.</summary>
    private RemoteEngine? _elsewhere;

    protected override async Task OnParametersSetAsync()
    {
        _user = AuthState is null ? new ClaimsPrincipal() : (await AuthState).User;
        _handle = Commands.Find(_user, Id);
        _elsewhere = _handle is null && Services.GetService<ClusterStatusQueries>() is { } cluster
            && await cluster.FindAsync(Id) is { } remote && EngineCommandService.AccessFor(_user, remote.OwnerId) != EngineAccess.None
            ? remote
            : null;
        _startPreset = _handle?.PresetName ?? _startPreset;
        if (_handle is not null)
        {
            _mode = EngineText.ModeOf(_handle);
            var names = Services.GetService<UserDirectory>() is { } users ? await users.DisplayNamesAsync([_handle.OwnerId]) : null;
            _ownerName = EngineText.Owner(_handle.OwnerId, names);
            TopBar.Show(this, new TopBarMode(_mode, $"{_handle.Name}: {EngineText.Describe(_handle)}"));
        }
        else
        {
            TopBar.Clear(this);
        }
        _presetNames = await BreakoutBot.Web.Services.PresetNames.LoadAsync(Services);
        Load(force: true);
        if (_rendered)
        {
            Watch();
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            // Not while prerendering: only the interactive circuit follows the engine.
            _rendered = true;
            Watch();
        }
    }

    /// <summary>Follows the shown engine's events (again after navigating to another engine).</summary>
    private void Watch()
    {
        if (_feed is not null && _feed.EngineId == _handle?.Id)
        {
            return;
        }
        _feed?.Dispose();
        _feed = _handle is null ? null : EngineChangeFeed.Start(Broadcaster, _handle.Id, EngineChangeFeed.DashboardWindow, Clock, _ => InvokeAsync(Changed));
    }

    private void Changed()
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
        var progress = _handle?.CommandProgress;
        if (!force && ReferenceEquals(status, _status) && ReferenceEquals(progress, _progress))
        {
            return false;
        }
        if (!force && progress is { IsPending: false, Outcome: { } done } && _progress is { IsPending: true })
        {
            // A background command finished while the page was open: say how it ended.
            Snackbar.Add(done.Message, EngineText.Severity(done));
        }
        _status = status;
        _progress = progress;
        if (_handle is null || status is null)
        {
            _commands = [];
            return true;
        }
        _commands = EngineCommandService.CommandsFor(_user, _handle, status);
        var curve = _handle.EquityCurve;
        if (curve.Count > 0 && (_equityLast is null || curve[^1] != _equityLast || curve.Count != _equityCount))
        {
            // A new series only when the curve changed: the chart redraws when its series change. Only the newest
            // sample is kept to notice the next change (not a copy of the curve per open dashboard).
            _equityCount = curve.Count;
            _equityLast = curve[^1];
            _equitySeries = [new ChartSeries("equity", "#1e88e5", curve.Skip(Math.Max(0, curve.Count - ChartPoints)).Select(e => ChartPoint.At(e.Time, (double)e.Equity)).ToList(), ChartKind.Area)];
        }
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
            var label = EngineText.CommandLabel(command, _mode);
            var confirmed = await Dialogs.ShowMessageBoxAsync(label, text, yesText: label, cancelText: "Cancel");
            if (confirmed != true)
            {
                return;
            }
        }
        _busy = true;
        try
        {
            // A start or resume on a live market answers at once ("starting…") and finishes in the background; the
            // progress line shows its steps and the pushed progress reports the outcome.
            var outcome = await Commands.SubmitAsync(_user, _handle.Id, command, command == EngineCommand.Start ? _startPreset : null);
            Snackbar.Add(outcome.Message, EngineText.Severity(outcome));
        }
        finally
        {
            _busy = false;
            Load(force: true);
        }
    }


    /// <summary>
    /// When the equity chart starts at this process's restore of the engine (no equity stored from before it came back):
    /// the chart's first time, said as "since … (restart)"; null when the chart holds the stored history or there was no restart.
    /// </summary>
    private DateTimeOffset? EquitySinceRestart() =>
        _handle is { Restored: { } restored } handle && handle.EquityCurve is { Count: > 0 } curve
            && (restored.MarketResumedAt is not { } resumed || curve[0].Time >= resumed)
            ? curve[0].Time
            : null;

    private static Severity ProgressSeverity(EngineCommandProgress progress) =>
        progress.Outcome is { } outcome ? EngineText.Severity(outcome) : Severity.Info;

    /// <summary>
    /// True (the warning colour) when the account's equity change differs by a cent or more from the P&amp;L of the booked
    /// trades and no position opened before 00:00 UTC explains it (<see cref="EngineText.EquityGap"/>).
    /// </summary>
    private static bool EquityDiffers(EngineStatus s) => Math.Abs(s.DailyPnl - s.TodayPnl) >= 0.01m && s.TodayOpenedBefore == 0;

    /// <summary>Start and resume in the warning colour when they would trade real money.</summary>
    private Color CommandColor(EngineCommand command) => command switch
    {
        EngineCommand.Start or EngineCommand.Resume => _mode == TradingMode.Live ? Color.Warning : Color.Success,
        EngineCommand.EmergencyStop or EngineCommand.KillSwitch => Color.Error,
        EngineCommand.Stop or EngineCommand.Pause => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>The market chart from the engine on this node (shared with every dashboard open on it).</summary>
    private async Task<MarketChartAnswer> LoadChartAsync(string instrumentId, DateTimeOffset? lastBar) =>
        _handle is { } handle && await MarketChartDrawings.GetAsync(handle, instrumentId, lastBar) is { } drawing
            ? new MarketChartAnswer(drawing, null)
            : new MarketChartAnswer(null, $"The engine has no market for {instrumentId}.");

    public void Dispose()
    {
        _feed?.Dispose();
        TopBar.Clear(this);
    }

    [Inject]
    private TimeProvider Clock { get; set; } = TimeProvider.System;

    private string Ago(DateTimeOffset? time) => Components.DashboardMarkup.Ago(time, Clock.GetUtcNow());
}
