using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.History;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace BreakoutBot.Web.Components.Pages.History.Components;

/// <summary>One history list (trades, orders, signals or transitions) with filters, server-side paging and export.</summary>
public sealed partial class HistoryTable : IDisposable
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];
    private static readonly TimeSpan ExportPollInterval = TimeSpan.FromMilliseconds(500);

    private IReadOnlyList<HistoryEngine> _engines = [];
    private IReadOnlyList<TradeRow> _trades = [];
    private IReadOnlyList<OrderRow> _orders = [];
    private IReadOnlyList<SignalRow> _signals = [];
    private IReadOnlyList<TransitionRow> _transitions = [];
    private string? _engineId;
    private string? _symbol;
    private string? _state;
    private DateTime? _fromDate;
    private DateTime? _toDate;
    private HistoryFilter _applied = new();
    private int _page = 1;
    private int _pageSize = HistoryFilter.DefaultPageSize;
    private int _pageCount = 1;
    private int _total;
    private bool _loading = true;
    private string? _error;
    private BackgroundJobs? _jobs;
    private JobRunLog? _runs;
    private JobRunSummary? _exportRun;
    private ITimer? _exportTimer;
    private bool _mayExport;
    private HistoryScope _scope = HistoryScope.Nothing;

    [Parameter]
    public HistoryKind Kind { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    [Inject]
    private HistoryQueries Queries { get; set; } = default!;

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private string StateLabel => Kind == HistoryKind.Transitions ? "To state" : "Status";

    private IReadOnlyList<string> StateChoices => Kind switch
    {
        HistoryKind.Trades => Enum.GetNames<PositionStatus>(),
        HistoryKind.Orders => Enum.GetNames<OrderStatus>(),
        HistoryKind.Signals => Enum.GetNames<SignalStatus>(),
        _ => Enum.GetValues<TradingState>().Select(s => s.ToWireName()).ToList(),
    };

    private string ExportUrl => HistoryEndpoints.ExportUrl(Kind, _applied);

    protected override async Task OnInitializedAsync()
    {
        _jobs = Services.GetService(typeof(BackgroundJobs)) as BackgroundJobs;
        _runs = Services.GetService(typeof(JobRunLog)) as JobRunLog;
        var user = AuthState is null ? null : (await AuthState).User;
        _scope = HistoryScope.For(user);
        _mayExport = ExportQuota.MayExport(user);
        _engines = await Queries.ListEnginesAsync(_scope);
        await LoadAsync();
    }

    private Task OnEngineChanged(string? engineId)
    {
        _engineId = engineId;
        return Task.CompletedTask;
    }

    private Task OnPageSizeChanged(int size)
    {
        _pageSize = size;
        _page = 1;
        return LoadAsync();
    }

    private Task ApplyAsync()
    {
        _page = 1;
        return LoadAsync();
    }

    private Task PreviousAsync()
    {
        _page = Math.Max(1, _page - 1);
        return LoadAsync();
    }

    private Task NextAsync()
    {
        _page++;
        return LoadAsync();
    }

    private HistoryFilter CurrentFilter() => new()
    {
        EngineId = _engineId,
        Symbol = Kind == HistoryKind.Transitions ? null : _symbol,
        State = _state,
        From = PickedDates.StartOfDay(_fromDate),
        To = PickedDates.EndOfDay(_toDate),
        Page = _page,
        PageSize = _pageSize,
    };

    private async Task LoadAsync()
    {
        _loading = true;
        _error = null;
        var filter = CurrentFilter();
        try
        {
            if (filter.From is { } from && filter.To is { } to && to <= from)
            {
                // Nothing could match; an empty list (and a download refused) would not say why.
                throw new ArgumentException("The 'to' day is before the 'from' day: pick a 'to' day on or after it.");
            }
            switch (Kind)
            {
                case HistoryKind.Trades:
                    Take(await Queries.TradesAsync(_scope, filter), p => _trades = p.Items);
                    break;
                case HistoryKind.Orders:
                    Take(await Queries.OrdersAsync(_scope, filter), p => _orders = p.Items);
                    break;
                case HistoryKind.Signals:
                    Take(await Queries.SignalsAsync(_scope, filter), p => _signals = p.Items);
                    break;
                default:
                    Take(await Queries.TransitionsAsync(_scope, filter), p => _transitions = p.Items);
                    break;
            }
            _applied = filter;
        }
        catch (ArgumentException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private void Take<T>(HistoryPage<T> page, Action<HistoryPage<T>> keep)
    {
        keep(page);
        _total = page.TotalCount;
        _pageCount = page.PageCount;
        _page = page.Page;
    }

    private async Task ExportToDataFolderAsync()
    {
        if (_jobs is null || _runs is null)
        {
            return;
        }
        var user = AuthState is null ? null : (await AuthState).User;
        long runId;
        try
        {
            runId = await _jobs.EnqueueExportAsync(Kind, _applied with { Page = 1 }, user);
        }
        catch (UnauthorizedAccessException ex)
        {
            _error = ex.Message;
            return;
        }
        _error = null;
        _exportRun = await _runs.GetAsync(runId);
        _exportTimer?.Dispose();
        _exportTimer = Clock.CreateTimer(_ => _ = InvokeAsync(() => PollExportAsync(runId)), null, ExportPollInterval, ExportPollInterval);
    }

    private async Task PollExportAsync(long runId)
    {
        if (_runs is null)
        {
            return;
        }
        try
        {
            _exportRun = await _runs.GetAsync(runId);
            if (_exportRun?.Status is JobRunStatus.Succeeded or JobRunStatus.Failed)
            {
                _exportTimer?.Dispose();
                _exportTimer = null;
            }
            StateHasChanged();
        }
        catch (InvalidOperationException ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>An engine's name (its id when the engine is gone), as the engine filter lists it.</summary>
    private string EngineName(string engineId) => _engines.FirstOrDefault(e => e.Id == engineId)?.Name ?? engineId;

    private static string PnlStyle(decimal pnl) => pnl > 0 ? "color: var(--mud-palette-success)" : pnl < 0 ? "color: var(--mud-palette-error)" : "";

    public void Dispose() => _exportTimer?.Dispose();
}
