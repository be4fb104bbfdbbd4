using System.Globalization;
using System.Runtime.CompilerServices;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Web.Components.Shared;

namespace BreakoutBot.Web.Components.Pages.Engines.Components;

/// <summary>
/// The market chart of an engine's instrument as the chart module draws it (bars, level and position lines, signal
/// markers, serialised once) and what the panel says about it. Built once per engine, instrument and chart state (newest
/// bar, the preset, the instrument's open positions with their stops and targets, the signals so far) and shared by every dashboard
/// open on that engine: 50 open dashboards read the chart from the engine once a bar instead of 50 times (each a wait for
/// the engine's cycle lock), and the ~60 KB of JSON is one string, not one per page waiting in each connection's send
/// queue (README, Performance). Only the newest state per engine and instrument is kept; it goes with the engine.
/// </summary>
public static class MarketChartDrawings
{
    private static readonly ConditionalWeakTable<EngineHandle, Dictionary<string, (string Key, Task<MarketChartDrawing?> Drawing)>> Latest = new();

    /// <summary>The chart of <paramref name="instrumentId"/> as the engine has it now (null when the engine has no such market).</summary>
    public static Task<MarketChartDrawing?> GetAsync(EngineHandle handle, string instrumentId, DateTimeOffset? lastBar)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentId);
        var key = StateKey(handle, instrumentId, lastBar);
        var latest = Latest.GetValue(handle, static _ => new Dictionary<string, (string, Task<MarketChartDrawing?>)>(StringComparer.Ordinal));
        lock (latest)
        {
            if (latest.TryGetValue(instrumentId, out var entry) && entry.Key == key && !entry.Drawing.IsFaulted && !entry.Drawing.IsCanceled)
            {
                return entry.Drawing;
            }
            var drawing = DrawAsync(handle, instrumentId);
            latest[instrumentId] = (key, drawing);
            return drawing;
        }
    }

    /// <summary>What the drawing depends on besides the engine's market: the newest bar, the positions' lines, the signals.</summary>
    private static string StateKey(EngineHandle handle, string instrumentId, DateTimeOffset? lastBar) =>
        // The preset by identity: another preset (or version) may find other levels on the same bar.
        string.Create(CultureInfo.InvariantCulture, $"{lastBar?.UtcTicks}|{RuntimeHelpers.GetHashCode(handle.Engine.Preset)}|")
        + DashboardMarkup.ChartState((handle.Status?.Positions ?? []).Where(p => p.InstrumentId == instrumentId).ToList(), handle.Engine.Signals.History.Count);

    private static async Task<MarketChartDrawing?> DrawAsync(EngineHandle handle, string instrumentId)
    {
        if (await handle.Engine.ChartAsync(instrumentId) is not { } chart)
        {
            return null;
        }
        var span = chart.Bars.Count == 0 ? [] : new[] { chart.Bars[0].Close.ToUnixTimeSeconds(), chart.Bars[^1].Close.ToUnixTimeSeconds() };
        object Line(double price, string color, string title, bool dashed) => new { color, title, dashed, steps = false, points = span.Select(t => new { time = t, value = price }) };
        var lines = chart.Levels.Select(l => Line(l.Price, l.Type == LevelType.Support ? "#2e7d32" : "#c62828", l.Type.ToString().ToLowerInvariant(), false)).ToList();
        foreach (var p in chart.Positions)
        {
            lines.Add(Line((double)p.EntryPrice, "#1e88e5", "entry", false));
            lines.Add(Line((double)p.StopLoss, "#e53935", "stop", true));
            if (p.TakeProfit1 > 0)
            {
                lines.Add(Line((double)p.TakeProfit1, "#43a047", "TP1", true));
            }
        }
        var bars = chart.Bars.Select(b => new { time = b.Close.ToUnixTimeSeconds(), open = b.Open, high = b.High, low = b.Low, close = b.Last, volume = b.Volume });
        // Signals at the bar they were generated on: arrows in their direction, labelled with strategy and outcome.
        var markers = chart.Signals
            .OrderBy(r => r.Signal.CreatedAt)
            .Select(r => new
            {
                time = r.Signal.CreatedAt.ToUnixTimeSeconds(),
                position = r.Signal.Side == PositionSide.Long ? "belowBar" : "aboveBar",
                color = r.Status == SignalStatus.Executed ? "#1e88e5" : "#9e9e9e",
                shape = r.Signal.Side == PositionSide.Long ? "arrowUp" : "arrowDown",
                text = $"{r.Signal.Strategy} {r.Status}".ToLowerInvariant(),
            })
            .ToList();
        var levels = chart.Levels.Count == 0 ? "No level on the newest bar." : string.Join(", ", chart.Levels.Select(l => $"{l.Type} {PortalFormat.Measure(l.Price)}"));
        return new MarketChartDrawing(ChartComponent.Serialize(340, bars, lines, markers), levels, chart.Bars.Count, chart.Levels.Count, chart.Signals.Count);
    }
}

/// <summary>A market chart ready to draw: the draw call's arguments as JSON, and the panel's line about its levels.</summary>
public sealed record MarketChartDrawing(string ArgumentsJson, string Levels, int Bars, int LevelCount, int Signals);
