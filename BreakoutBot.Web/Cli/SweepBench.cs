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
/// the trades, not the levels, as most sweeps do (a sweep of the level rules shares no levels between its runs).
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
        await Parallel.ForEachAsync(Enumerable.Range(0, runs), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, ct) =>
        {
            var w = Stopwatch.StartNew();
            var report = await new ReplayRunner().RunAsync(set.Instruments, set.Candles, presets[i], cancellationToken: ct);
            durations[i] = w.Elapsed.TotalSeconds;
            trades[i] = report.Summary.Trades;
        });
        clock.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(inv,
            $"Sweep of {runs} runs ({set.TotalBars:N0} candles each, {Environment.ProcessorCount} at a time): {clock.Elapsed.TotalSeconds:N1} s wall, {cpu:N1} s process CPU ({cpu / runs:N2} s per run)"));
        await output.WriteLineAsync(string.Create(inv,
            $"  first run {durations[0]:N2} s, later runs median {Median(durations.Skip(Environment.ProcessorCount)):N2} s; trades per run {trades.Min()}–{trades.Max()}"));
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

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
