using System.Text.Json;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>One replay of a group (<see cref="ReplayRunner.RunGroupAsync"/>): its preset, its options and its own cancellation.</summary>
public sealed record ReplayRunSpec(TradingPreset Preset, ReplayOptions Options, CancellationToken Cancel = default);

/// <summary>A group run's outcome: its report, or why it has none (its error or its cancellation).</summary>
public sealed record ReplayRunResult(ReplayReport? Report, Exception? Error);

/// <summary>
/// Which replays may share one scan per bar. The scan (market state, filters, score, ranking, levels) reads only the
/// preset's scanner, liquidity, volatility and level settings, the correlation limit and the chandelier's period and
/// multiplier (the markets keep the chandelier), and the replay's range and benchmark; runs that agree on all of these
/// get the same scan of every bar whichever of them asks first.
/// </summary>
public static class ReplayGroups
{
    /// <summary>
    /// Most runs replayed together: a group's runs all hold their state (trades, fills, equity) until the last bar, so a
    /// large sweep is cut into groups of at most this many.
    /// </summary>
    public const int MaxGroupSize = 5;

    /// <summary>What the scan reads of a run, as text: equal keys, shareable scans.</summary>
    public static string ScanKey(TradingPreset preset, ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(options);
        return JsonSerializer.Serialize(new
        {
            preset.ScannerConfig,
            preset.LiquidityFilters,
            preset.VolatilityFilters,
            preset.LevelsRules,
            preset.Risk.CorrelationLimit,
            preset.PositionConfig.ChandelierLookbackBars,
            preset.PositionConfig.ChandelierAtrMult,
            options.From,
            options.To,
            options.BenchmarkInstrumentId,
            options.TradeBenchmark,
        });
    }

    public static bool CanShareScan(IReadOnlyList<ReplayRunSpec> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count < 2)
        {
            return true;
        }
        var key = ScanKey(runs[0].Preset, runs[0].Options);
        return runs.Skip(1).All(r => ScanKey(r.Preset, r.Options) == key);
    }

    /// <summary>Splits runs into groups that may share a scan, each of at most <paramref name="maxGroupSize"/> runs, in their order.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Partition(IReadOnlyList<ReplayRunSpec> runs, int groupCount, int maxGroupSize)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var byKey = new List<(string Key, List<int> Runs)>();
        for (var i = 0; i < runs.Count; i++)
        {
            var key = ScanKey(runs[i].Preset, runs[i].Options);
            var bucket = byKey.Find(b => b.Key == key);
            if (bucket.Runs is null)
            {
                bucket = (key, []);
                byKey.Add(bucket);
            }
            bucket.Runs.Add(i);
        }
        var groups = new List<IReadOnlyList<int>>();
        foreach (var (_, members) in byKey)
        {
            // As many groups as asked for (one per core), but at least two runs in each where there are two, and no
            // group above the size limit.
            var count = Math.Max(
                Math.Clamp(groupCount, 1, Math.Max(1, members.Count / 2)),
                (members.Count + Math.Max(1, maxGroupSize) - 1) / Math.Max(1, maxGroupSize));
            for (var g = 0; g < count; g++)
            {
                var part = members.Where((_, j) => j % count == g).ToList();
                if (part.Count > 0)
                {
                    groups.Add(part);
                }
            }
        }
        return groups;
    }

    internal static void EnsureShareable(IReadOnlyList<ReplayRunSpec> runs)
    {
        if (!CanShareScan(runs))
        {
            throw new ArgumentException("Replays run together must agree on the scanner, liquidity, volatility and level settings, the correlation limit, the chandelier, the range and the benchmark.", nameof(runs));
        }
    }

    /// <summary>
    /// <paramref name="preset"/> with the scan settings objects of <paramref name="canonical"/> (equal in value, checked
    /// by <see cref="CanShareScan"/>), so the shared scanner's caches, keyed by reference, serve every run of the group.
    /// </summary>
    internal static TradingPreset WithScanSettingsOf(TradingPreset preset, TradingPreset canonical) =>
        ReferenceEquals(preset, canonical) ? preset : preset with
        {
            ScannerConfig = canonical.ScannerConfig,
            LiquidityFilters = canonical.LiquidityFilters,
            VolatilityFilters = canonical.VolatilityFilters,
            LevelsRules = canonical.LevelsRules,
        };
}
