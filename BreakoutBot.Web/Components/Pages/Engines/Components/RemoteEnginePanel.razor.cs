using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BreakoutBot.Web.Components.Pages.Engines.Components;

/// <summary>
/// The dashboard of an engine another cluster node runs (ADR-021). It shows the status that node publishes
/// (<see cref="RemoteEngineStatusCache"/>), re-rendered whenever a newer one is read (no page timer), only to users who may
/// see the engine (the page and this panel both check role and the stored owner), and sends the engine's commands through
/// <see cref="EngineCommandService"/>, which authorises them again and queues them for the owner node.
/// </summary>
public sealed partial class RemoteEnginePanel : IDisposable
{
    private RemoteEngineStatus? _remote;
    private IReadOnlyList<EngineCommand> _commands = [];
    private bool _control;
    private bool _busy;
    private bool _journalOpen;
    private string _ownerName = "";
    private IReadOnlyList<ChartSeries> _equitySeries = [];
    private IDisposable? _watch;

    /// <summary>The engine, found in the database by the page (its stored owner and name, and the node holding its lease).</summary>
    [Parameter, EditorRequired]
    public RemoteEngine Remote { get; set; } = default!;

    [Parameter, EditorRequired]
    public ClaimsPrincipal User { get; set; } = new();

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    [Inject]
    private EngineCommandService Commands { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = TimeProvider.System;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private RemoteEngineStatusCache? Cache => Services.GetService<RemoteEngineStatusCache>();

    private RemoteMarketCharts? Charts => Services.GetService<RemoteMarketCharts>();

    private string Interval => Services.GetService<IOptions<ClusterOptions>>() is { } o
        ? PortalFormat.Seconds(o.Value.StatusPublishInterval)
        : "second";

    protected override async Task OnParametersSetAsync()
    {
        Load();
        if (_remote is not null && Services.GetService<UserDirectory>() is { } users)
        {
            _ownerName = EngineText.Owner(_remote.OwnerId, await users.DisplayNamesAsync([_remote.OwnerId]));
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && Cache is { } cache)
        {
            // Not while prerendering: only the interactive circuit follows the engine.
            _watch = cache.Watch(changed =>
            {
                if (changed.Contains(Remote.EngineId, StringComparer.Ordinal))
                {
                    _ = InvokeAsync(Changed);
                }
            });
        }
    }

    private void Changed()
    {
        try
        {
            Load();
            StateHasChanged();
        }
        catch (Exception ex)
        {
            _ = DispatchExceptionAsync(ex);
        }
    }

    /// <summary>Reads the latest published status; shown only when the user may see the engine (role and stored owner).</summary>
    private void Load()
    {
        var remote = Cache?.Get(Remote.EngineId);
        var access = remote is null ? EngineAccess.None : EngineCommandService.AccessFor(User, remote.OwnerId);
        _remote = access == EngineAccess.None ? null : remote;
        _control = access == EngineAccess.Control;
        _commands = _remote is not null && _control ? _remote.Status.AvailableCommands : [];
        var equity = _remote?.Engine.Equity ?? [];
        _equitySeries = equity.Count == 0
            ? []
            : [new ChartSeries("equity", "#1e88e5", equity.Select(e => ChartPoint.At(e.Time, (double)e.Equity)).ToList(), ChartKind.Area)];
    }

    private async Task RunAsync(EngineCommand command)
    {
        if (_remote is not { } remote)
        {
            return;
        }
        if (command is EngineCommand.EmergencyStop or EngineCommand.KillSwitch)
        {
            var label = EngineText.CommandLabel(command, remote.Engine.Mode);
            var text = command == EngineCommand.KillSwitch
                ? "Fire the kill switch? New entries are blocked, positions are closed if the preset says so, and the engine goes to EMERGENCY until reset."
                : "Emergency stop? The engine halts at once and goes to EMERGENCY; open positions keep their resting stops.";
            if (await Dialogs.ShowMessageBoxAsync(label, text, yesText: label, cancelText: "Cancel") != true)
            {
                return;
            }
        }
        _busy = true;
        try
        {
            // Authorised again and audit-logged by the service, queued for the owner node, answered with its outcome.
            var outcome = await Commands.SubmitAsync(User, remote.EngineId, command);
            Snackbar.Add(outcome.Message, EngineText.Severity(outcome));
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Removes the (idle or stopped) engine for good: sent to the node that runs it, which removes it there.</summary>
    private async Task RemoveAsync()
    {
        if (_remote is not { } remote)
        {
            return;
        }
        var confirmed = await Dialogs.ShowMessageBoxAsync("Remove engine", $"Remove '{remote.Engine.Name}'? It will not come back after a restart; its history stays browsable.", yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        _busy = true;
        try
        {
            var outcome = await Commands.RemoveAsync(User, remote.EngineId);
            Snackbar.Add(outcome.Message, EngineText.Severity(outcome));
            if (outcome.Success)
            {
                Navigation.NavigateTo("/engines");
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The instruments a chart may be asked for: the published scan's, best first, then those of open positions.</summary>
    private static List<string> ChartInstruments(RemoteEngineStatus remote) =>
        (remote.Engine.LastScan?.Rows.Select(r => r.InstrumentId) ?? [])
            .Concat(remote.Status.Positions.Select(p => p.InstrumentId))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The chart, asked of the node that runs the engine (authorised again on this node by the engine's stored owner).</summary>
    private Task<MarketChartAnswer> LoadChartAsync(string instrumentId, DateTimeOffset? lastBar) =>
        Charts?.GetAsync(User, Remote.EngineId, instrumentId, (lastBar?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "") + "|" + ChartState())
        ?? Task.FromResult(new MarketChartAnswer(null, "Charts of engines on other nodes are not available on this node."));

    // What the drawing depends on besides the bar: the open positions' lines and the newest published signal.
    private string ChartState() =>
        _remote is not { } r
            ? ""
            : DashboardMarkup.ChartState(r.Status.Positions, r.Engine.Signals is { Count: > 0 } signals
                ? HashCode.Combine(signals.Count, signals[0].CreatedAt, signals[0].Status)
                : 0);

    private string Ago(DateTimeOffset t) => DashboardMarkup.Ago(t, Clock.GetUtcNow());

    public void Dispose() => _watch?.Dispose();
}
