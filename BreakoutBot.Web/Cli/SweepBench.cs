using System.Diagnostics;
using System.Globalization;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Web.Cli;

/// <summary>
/// <c>bench --sweep N</c>: what a sweep of N runs over one data set costs, run as the portal runs one (every run a full
/// replay of the same candle lists with its own preset, as many at a time as there are cores, like the backtest
/// workers). The runs vary <c>risk.risk_per_trade</c> (10 values) and <c>position_config.tp1_r</c>: fields that change
/// the trades, not the levels, as most sweeps do (a sweep of the level rules shares no levels between its runs). Runs that
/// scan alike are replayed together, one group per core, sharing one scan per bar, as the portal's sweeps are.
/// </summary>
public static class SweepBench
{
    public static async Task RunAsync(MarketDataSet set, string presetName, int runs, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(output);
        var json = PresetSerializer.Serialize(PresetCatalog.Get(presetName));
        var presets = Enumerable.Range(0, runs).Select(i => Variant(json, i)).ToList();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var trades = new int[runs];
        var durations = new double[runs];
        var specs = presets.Select(p => new ReplayRunSpec(p, new ReplayOptions())).ToList();
        // As the portal runs a sweep: runs that scan alike replayed together, one group per core (ADR-010, "Seventh round").
        var groups = ReplayGroups.Partition(specs, Environment.ProcessorCount, ReplayGroups.MaxGroupSize);
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (group, ct) =>
        {
            var w = Stopwatch.StartNew();
            var results = await new ReplayRunner().RunGroupAsync(set.Instruments, set.Candles, group.Select(i => specs[i]).ToList(), ct);
            for (var g = 0; g < group.Count; g++)
            {
                durations[group[g]] = w.Elapsed.TotalSeconds;
                trades[group[g]] = results[g].Report?.Summary.Trades ?? throw new InvalidOperationException($"sweep run {group[g]}: {results[g].Error?.Message}");
            }
        });
        clock.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(inv,
            $"Sweep of {runs} runs ({set.TotalBars:N0} candles each, {Environment.ProcessorCount} at a time): {clock.Elapsed.TotalSeconds:N1} s wall, {cpu:N1} s process CPU ({cpu / runs:N2} s per run)"));
        await output.WriteLineAsync(string.Create(inv,
            $"  {groups.Count} groups of {groups.Min(g => g.Count)}–{groups.Max(g => g.Count)} runs replayed together, each group {durations.Min():N1}–{durations.Max():N1} s; trades per run {trades.Min()}–{trades.Max()}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB"));
    }

    private static TradingPreset Variant(string presetJson, int i)
    {
        var overrides = new Dictionary<string, decimal>
        {
            ["risk.risk_per_trade"] = 0.005m + (0.001m * (i % 10)),
            ["position_config.tp1_r"] = 1.0m + (0.25m * (i / 10)),
        };
        var result = PresetOverrides.Apply(presetJson, overrides);
        return result.Preset ?? throw new InvalidOperationException($"sweep variant {i}: {string.Join("; ", result.Errors.Select(e => e.ToString()))}");
    }
}
