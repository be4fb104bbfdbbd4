using System.Globalization;
using BreakoutBot.Infrastructure.History;
using BreakoutBot.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace BreakoutBot.Web.Components.Pages.History.Components;

/// <summary>
/// The history page's equity: the stored equity of one engine the caller may see, thinned for the chart (each span's
/// lowest and highest kept), with the figures over every stored sample. The engine dashboard's chart holds only the
/// samples since its last start (at most 500); this one reads the database.
/// </summary>
public sealed partial class EquityHistoryPanel
{
    private IReadOnlyList<HistoryEngine> _engines = [];
    private IReadOnlyList<ChartSeries> _series = [];
    private EquityHistory? _history;
    private string? _engineId;
    private DateTime? _fromDate;
    private DateTime? _toDate;
    private bool _loading;
    private string? _error;
    private HistoryScope _scope = HistoryScope.Nothing;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    [Inject]
    private HistoryQueries Queries { get; set; } = default!;

    private string ExportUrl => HistoryEndpoints.EquityExportUrl(_engineId ?? "", PickedDates.StartOfDay(_fromDate), PickedDates.EndOfDay(_toDate));

    protected override async Task OnInitializedAsync()
    {
        _scope = HistoryScope.For(AuthState is null ? null : (await AuthState).User);
        _engines = await Queries.ListEnginesAsync(_scope);
        _engineId = _engines.Count > 0 ? _engines[0].Id : null;
        if (_engineId is not null)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        if (_engineId is null)
        {
            return;
        }
        var from = PickedDates.StartOfDay(_fromDate);
        var to = PickedDates.EndOfDay(_toDate);
        if (from is { } start && to is { } end && end <= start)
        {
            _error = "'To' must not be before 'From'.";
            return;
        }
        _loading = true;
        _error = null;
        try
        {
            _history = await Queries.EquityAsync(_scope, _engineId, from, to);
            if (_history is null)
            {
                _error = $"No engine '{_engineId}' that you may see.";
            }
            _series = _history is { Samples: > 0 } h
                ? [new ChartSeries("equity", "#1e88e5", h.Points.Select(p => ChartPoint.At(p.Time, (double)p.Equity)).ToList(), ChartKind.Area)]
                : [];
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>
    /// "1,440 samples from 2026-01-10 00:00 to 2026-01-11 00:00 UTC · start 10,000.00 · end 10,120.50 (+1.21 %) · high … ·
    /// low … · max drawdown 2.10 % (212.00) · chart: 1,000 of 1,440 samples (each span's lowest and highest)".
    /// </summary>
    public static string Summary(EquityHistory h)
    {
        ArgumentNullException.ThrowIfNull(h);
        if (h is not { First: { } first, Last: { } last, High: { } high, Low: { } low, MaxDrawdownFraction: { } ddFraction, MaxDrawdown: { } dd })
        {
            return "No equity stored.";
        }
        var change = first.Equity != 0m ? (double)((last.Equity - first.Equity) / first.Equity) : 0d;
        var sign = change > 0 ? "+" : "";
        var text = $"{PortalFormat.Count(h.Samples, "sample")} from {PortalFormat.Time(first.Time)} to {PortalFormat.Time(last.Time)} UTC"
            + $" · start {PortalFormat.Money(first.Equity)} · end {PortalFormat.Money(last.Equity)} ({sign}{PortalFormat.Percent(change)})"
            + $" · high {PortalFormat.Money(high)} · low {PortalFormat.Money(low)}"
            + $" · max drawdown {PortalFormat.Percent((double)ddFraction)} ({PortalFormat.Money(dd)})";
        return h.Thinned
            ? text + string.Create(CultureInfo.InvariantCulture, $" · chart: {PortalFormat.Count(h.Points.Count)} of {PortalFormat.Count(h.Samples)} samples (each span's lowest and highest)")
            : text;
    }
}
