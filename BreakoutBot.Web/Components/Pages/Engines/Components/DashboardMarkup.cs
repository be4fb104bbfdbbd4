using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;
using BreakoutBot.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace BreakoutBot.Web.Components.Pages.Engines.Components;

/// <summary>
/// The dashboard's read-only tables (last scan with its filter verdicts, recent signals, open positions, latest
/// transitions) as HTML with every value encoded (<see cref="SafeHtml"/>). Each is built once per engine snapshot (the
/// registry's cached <see cref="EngineStatus"/>, the engine's <see cref="ScanOutcome"/>) and the same string is shared by
/// every dashboard open on that engine: an open dashboard holds one markup frame per table instead of hundreds of
/// render-tree frames with their strings, in each of its two render trees (README, Performance). The cache holds a
/// snapshot's tables only while the snapshot itself is alive.
/// </summary>
public static class DashboardMarkup
{
    /// <summary>Transitions shown, newest first.</summary>
    public const int TransitionRows = 12;

    // A filter verdict as a chip: one element with a constant class each.
    private const string PassedChip = "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-success mud-chip-content";
    private const string FailedChip = "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-error mud-chip-content";
    private const string UncheckedChip = "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-default mud-chip-content";
    private const string TableClasses = "mud-table mud-simple-table mud-table-dense mud-elevation-1";

    private static readonly ConditionalWeakTable<ScanOutcome, string> ScanTables = new();
    private static readonly ConditionalWeakTable<ScanTable, string> PublishedScanTables = new();
    private static readonly ConditionalWeakTable<IReadOnlyList<SignalRow>, string> PublishedSignalTables = new();
    private static readonly ConditionalWeakTable<EngineStatus, StatusTables> Tables = new();

    private sealed class StatusTables
    {
        public string? Positions;
        public string? Transitions;
        public string? Signals;
    }

    /// <summary>The top <see cref="ScanTable.RowCount"/> instruments of a scan with every filter's verdict in its colour.</summary>
    /// <summary>
    /// What a market chart shows that may change within a bar: the open positions' entries, stops and first targets, and
    /// <paramref name="signals"/> (a count or a stamp of the newest). The chart is read again when this changes.
    /// </summary>
    public static string ChartState(IReadOnlyList<PositionSummary> positions, int signals)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var key = new StringBuilder();
        foreach (var p in positions)
        {
            key.Append(p.Id).Append(':').Append(p.EntryPrice.ToString(CultureInfo.InvariantCulture))
                .Append(':').Append(p.StopLoss.ToString(CultureInfo.InvariantCulture))
                .Append(':').Append(p.TakeProfit1.ToString(CultureInfo.InvariantCulture)).Append('|');
        }
        return key.Append(signals.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    public static MarkupString Scan(ScanOutcome scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return new(ScanTables.GetValue(scan, static s => ScanHtml(ScanTable.From(s))));
    }

    /// <summary>The same table from the scan another node published for an engine it runs (ADR-021).</summary>
    public static MarkupString Scan(ScanTable scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return new(PublishedScanTables.GetValue(scan, static s => ScanHtml(s)));
    }

    /// <summary>The engine's open positions in this snapshot.</summary>
    public static MarkupString Positions(EngineStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var tables = Tables.GetValue(status, static _ => new StatusTables());
        return new(tables.Positions ??= PositionsHtml(status.Positions));
    }

    /// <summary>The latest <see cref="TransitionRows"/> transitions of this snapshot, newest first.</summary>
    public static MarkupString Transitions(EngineStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var tables = Tables.GetValue(status, static _ => new StatusTables());
        return new(tables.Transitions ??= TransitionsHtml(status.RecentTransitions));
    }

    /// <summary>
    /// The latest <see cref="SignalRow.RowCount"/> signals as the engine had them when this snapshot was first shown (signals
    /// change only in a cycle, and every cycle publishes a new snapshot), newest first.
    /// </summary>
    public static MarkupString Signals(EngineStatus status, BreakoutBot.Domain.Abstractions.ISignalManager signals)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(signals);
        var tables = Tables.GetValue(status, static _ => new StatusTables());
        return new(tables.Signals ??= SignalsHtml(SignalRow.Latest(signals.History)));
    }

    /// <summary>The same list from the signals another node published for an engine it runs (ADR-021).</summary>
    public static MarkupString Signals(IReadOnlyList<SignalRow> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        return new(PublishedSignalTables.GetValue(signals, static s => SignalsHtml(s)));
    }

    /// <summary>
    /// What the last reconciliation with the exchange found that is not in step: why and when it ran, the error, each
    /// difference with its action, and what was still wrong after it (the alert's text; the caller draws the alert).
    /// </summary>
    public static MarkupString Reconciliation(ReconciliationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new SafeHtml().Raw("<b>").Text("Reconciliation with the exchange (" + report.Trigger + ", "
            + PortalFormat.TimeSeconds(report.At) + " UTC)").Raw("</b>");
        if (report.Error is not null)
        {
            html.Raw("<div>").Text("Failed: " + report.Error).Raw("</div>");
        }
        foreach (var item in report.Items)
        {
            html.Raw("<div>").Text($"{item.InstrumentId}: {item.Difference} → {item.Action}").Raw("</div>");
        }
        foreach (var violation in report.Violations)
        {
            html.Raw("<div data-violation=\"true\"><b>Still wrong after it:</b> ").Text(violation).Raw("</div>");
        }
        return new(html.ToString());
    }

    /// <summary>A live engine's market-data feed: instruments, stale ones, the last refreshes (as ages at <paramref name="now"/>), the last error and each WebSocket.</summary>
    public static MarkupString LiveData(OkxMarketDataSummary data, IReadOnlyList<OkxWebSocketStats> sockets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sockets);
        var html = new SafeHtml().Raw("<p class=\"mud-typography mud-typography-body2\" id=\"live-data\">")
            .Text($"{data.Instruments} instruments, ").Raw("<b>").Text($"{data.StaleInstruments} stale").Raw("</b>")
            .Text($" (no new entries on stale data) · tickers {Ago(data.LastTickerRefresh, now)} · candles {Ago(data.LastCandlePoll, now)}");
        if (data.LastError is not null)
        {
            html.Raw("<span class=\"mud-error-text\">").Text(" · last error: " + data.LastError).Raw("</span>");
        }
        html.Raw("</p>");
        foreach (var ws in sockets)
        {
            var last = ws.LastReconnectDuration is { } r ? " (last " + PortalFormat.Milliseconds(r) + ")" : "";
            html.Raw("<span class=\"mud-typography mud-typography-caption\">")
                .Text($"WebSocket {ws.Endpoint}: {ws.State}, {ws.MessagesReceived} messages, {ws.ReconnectCount} reconnects{last}").Raw("</span> ");
        }
        return new(html.ToString());
    }

    /// <summary>"12 s ago" in whole seconds (never negative), or "never".</summary>
    internal static string Ago(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t ? PortalFormat.Seconds(TimeSpan.FromSeconds(Math.Round(Math.Max(0, (now - t).TotalSeconds), MidpointRounding.AwayFromZero))) + " ago" : "never";

    internal static string ScanHtml(ScanTable scan)
    {
        var html = new SafeHtml().TableStart("scan-table", TableClasses, "#", "Instrument", "Score", "Filters");
        foreach (var r in scan.Rows)
        {
            html.Raw("<tr>").Cell(r.Rank).Raw("<td>").Text(r.InstrumentId).Raw(r.Passed ? " ✓" : "").Raw("</td>")
                .Cell(PortalFormat.Ratio(r.Score, 3)).Raw("<td>");
            foreach (var f in r.Filters)
            {
                var chip = f.Verdict switch
                {
                    FilterVerdict.Passed => PassedChip,
                    FilterVerdict.Failed => FailedChip,
                    _ => UncheckedChip,
                };
                html.Raw("<div").Attribute("class", chip).Attribute("data-filter", f.Name).Raw(">").Text(f.Text).Raw("</div>");
            }
            html.Raw("</td></tr>");
        }
        return html.TableEnd().ToString();
    }

    internal static string PositionsHtml(IReadOnlyList<PositionSummary> positions)
    {
        if (positions.Count == 0)
        {
            return "<p class=\"mud-typography mud-typography-body2 mud-text-secondary\">No open positions.</p>";
        }
        // The two targets share a column ("TP1 / TP2", the first ticked once taken), as in History.
        var html = new SafeHtml().TableStart("positions-table", TableClasses + " mud-table-hover", "Instrument", "Side", "Qty", "Entry", "Stop", "TP1 / TP2", "Last", "Net P&L", "R");
        foreach (var p in positions)
        {
            html.Raw("<tr>").Cell(p.InstrumentId).Cell(p.Side.ToString()).Cell(PortalFormat.Amount(p.Quantity)).Cell(PortalFormat.Amount(p.EntryPrice))
                .Raw("<td>").Text(PortalFormat.Amount(p.StopLoss)).Raw(p.TrailingActive ? " (trailing)" : p.BreakevenMoved ? " (breakeven)" : "").Raw("</td>")
                .Raw("<td>").Text(PortalFormat.Amount(p.TakeProfit1)).Raw(p.Tp1Done ? " ✓" : "").Text(" / " + PortalFormat.Amount(p.TakeProfit2)).Raw("</td>")
                .Cell(PortalFormat.Amount(p.LastPrice)).Cell(PortalFormat.Money(p.NetPnl)).Cell(PortalFormat.Ratio(p.PnlR)).Raw("</tr>");
        }
        return html.TableEnd().ToString();
    }

    internal static string TransitionsHtml(IReadOnlyList<StateTransition> transitions)
    {
        var html = new SafeHtml().TableStart("transitions-table", TableClasses, "Market time", "From", "To", "Reason");
        for (var i = transitions.Count - 1; i >= 0 && i >= transitions.Count - TransitionRows; i--)
        {
            var t = transitions[i];
            html.Raw("<tr>").Cell(PortalFormat.Time(t.Time)).Cell(t.From.ToWireName())
                .Cell(t.To.ToWireName()).Cell(t.Reason).Raw("</tr>");
        }
        return html.TableEnd().ToString();
    }

    internal static string SignalsHtml(IReadOnlyList<SignalRow> signals)
    {
        if (signals.Count == 0)
        {
            return "<p class=\"mud-typography mud-typography-body2 mud-text-secondary\">No signals yet.</p>";
        }
        var html = new SafeHtml().TableStart("signals-table", TableClasses, "Time", "Instrument", "Side", "Strategy", "Entry", "Stop", "Confidence", "Status");
        foreach (var r in signals)
        {
            html.Raw("<tr").Attribute("title", r.Conditions).Raw(">")
                .Cell(PortalFormat.Time(r.CreatedAt)).Cell(r.InstrumentId)
                .Cell(r.Side).Cell(r.Strategy).Cell(PortalFormat.Amount(r.Entry)).Cell(PortalFormat.Amount(r.StopLoss))
                .Cell(PortalFormat.Confidence(r.Confidence)).Cell(r.Status).Raw("</tr>");
        }
        return html.TableEnd().ToString();
    }
}
