using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Backtests;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Infrastructure.Replay;

/// <summary>
/// Replays run together (a sweep's runs sharing one scan per bar, ADR-010 "Seventh round") must report exactly what each
/// run reports alone: the sharing is a speed-up, never a different backtest.
/// </summary>
public class ReplayGroupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunsReplayedTogetherReportByteForByteWhatEachReportsAlone()
    {
        var market = MarketDataSet.Generated(42, 8, 4_000);
        var specs = Variants("breakout_v1", 4).Select(p => new ReplayRunSpec(p, new ReplayOptions())).ToList();

        var together = await new ReplayRunner().RunGroupAsync(market.Instruments, FreshCopy(market.Candles), specs, Ct);

        together.Count.ShouldBe(specs.Count);
        var trades = new HashSet<int>();
        for (var i = 0; i < specs.Count; i++)
        {
            var alone = await new ReplayRunner().RunAsync(market.Instruments, FreshCopy(market.Candles), specs[i].Preset, specs[i].Options, Ct);
            together[i].Error.ShouldBeNull();
            ReplayJson.Serialize(together[i].Report!).ShouldBe(ReplayJson.Serialize(alone), $"run {i}");
            trades.Add(alone.Summary.Trades);
        }
        // The variants really trade differently, so a group that handed one run's decisions to another would show.
        trades.Count.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task OkxRunsReplayedTogetherReportWhatEachReportsAlone()
    {
        var folder = SharedData.RequireFolder("data/okx-swap-5m");
        var set = MarketDataSet.FromFolder(folder);
        var candles = set.Candles.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Candle>)kv.Value.Take(30_000).ToList(), StringComparer.Ordinal);
        var specs = Variants("breakout_v1", 3).Select(p => new ReplayRunSpec(p, new ReplayOptions())).ToList();

        var together = await new ReplayRunner().RunGroupAsync(set.Instruments, candles, specs, Ct);

        for (var i = 0; i < specs.Count; i++)
        {
            var alone = await new ReplayRunner().RunAsync(set.Instruments, FreshCopy(candles), specs[i].Preset, specs[i].Options, Ct);
            ReplayJson.Serialize(together[i].Report!).ShouldBe(ReplayJson.Serialize(alone), $"run {i}");
        }
    }

    [Fact]
    public async Task ARunCancelledOnItsOwnEndsAloneAndTheOthersFinishUnchanged()
    {
        var market = MarketDataSet.Generated(7, 4, 1_500);
        using var cancelSecond = new CancellationTokenSource();
        var variants = Variants("breakout_v1", 3);
        var specs = new List<ReplayRunSpec>
        {
            new(variants[0], new ReplayOptions()),
            new(variants[1], new ReplayOptions { Progress = new CancelAt(200, cancelSecond) }, cancelSecond.Token),
            new(variants[2], new ReplayOptions()),
        };

        var together = await new ReplayRunner().RunGroupAsync(market.Instruments, market.Candles, specs, Ct);

        together[1].Report.ShouldBeNull();
        together[1].Error.ShouldBeAssignableTo<OperationCanceledException>();
        foreach (var i in new[] { 0, 2 })
        {
            var alone = await new ReplayRunner().RunAsync(market.Instruments, FreshCopy(market.Candles), specs[i].Preset, specs[i].Options, Ct);
            ReplayJson.Serialize(together[i].Report!).ShouldBe(ReplayJson.Serialize(alone));
        }
    }

    [Fact]
    public async Task RunsThatScanDifferentlyAreNotGroupedAndAreRefusedTogether()
    {
        var basePreset = PresetCatalog.Get("breakout_v1");
        var other = basePreset with { LiquidityFilters = basePreset.LiquidityFilters with { MaxSpreadBps = basePreset.LiquidityFilters.MaxSpreadBps + 1 } };
        var specs = new List<ReplayRunSpec>
        {
            new(basePreset, new ReplayOptions()),
            new(basePreset with { Risk = basePreset.Risk with { RiskPerTrade = 0.003 } }, new ReplayOptions()),
            new(other, new ReplayOptions()),
            new(basePreset, new ReplayOptions { From = DateTimeOffset.UnixEpoch.AddYears(40) }),
        };

        ReplayGroups.CanShareScan(specs).ShouldBeFalse();
        ReplayGroups.CanShareScan(specs.Take(2).ToList()).ShouldBeTrue();
        var groups = ReplayGroups.Partition(specs, groupCount: 2, maxGroupSize: 10);
        // The two that scan alike go together (a group of one each would share nothing), the others alone.
        groups.Select(g => string.Join(",", g)).ShouldBe(["0,1", "2", "3"], ignoreOrder: true);
        var market = MarketDataSet.Generated(7, 2, 400);
        await Should.ThrowAsync<ArgumentException>(() => new ReplayRunner().RunGroupAsync(market.Instruments, market.Candles, specs, Ct));
    }

    [Fact]
    public void PartitionSplitsALargeSweepIntoOneGroupPerCoreWithinTheSizeLimit()
    {
        var specs = Variants("breakout_v1", 50).Select(p => new ReplayRunSpec(p, new ReplayOptions())).ToList();

        var groups = ReplayGroups.Partition(specs, groupCount: 2, maxGroupSize: 16);

        groups.Count.ShouldBe(4);
        groups.SelectMany(g => g).Order().ShouldBe(Enumerable.Range(0, 50));
        groups.Max(g => g.Count).ShouldBeLessThanOrEqualTo(16);
    }

    /// <summary>Variants of a preset that trade differently but scan alike (risk per trade and the first target).</summary>
    private static List<TradingPreset> Variants(string name, int count)
    {
        var json = PresetSerializer.Serialize(PresetCatalog.Get(name));
        return Enumerable.Range(0, count).Select(i => PresetOverrides.Apply(json, new Dictionary<string, decimal>
        {
            ["risk.risk_per_trade"] = 0.004m + (0.002m * (i % 5)),
            ["position_config.tp1_r"] = 1.0m + (0.5m * (i % 3)),
        }).Preset!).ToList();
    }

    private static Dictionary<string, IReadOnlyList<Candle>> FreshCopy(IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles) =>
        candles.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Candle>)kv.Value.ToList(), StringComparer.Ordinal);

    /// <summary>Cancels a run from its own progress reports once it has replayed some bars.</summary>
    private sealed class CancelAt(int bars, CancellationTokenSource cancel) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value)
        {
            if (value.BarsDone >= bars)
            {
                cancel.Cancel();
            }
        }
    }
}
