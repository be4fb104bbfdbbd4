using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

/// <summary>
/// Replays of the same candle lists (a sweep's runs, a backtest run again) share the levels and modelled quotes an
/// earlier replay derived (ADR-010, "Fifth round"): a later run must report exactly what a fresh one reports, must
/// really read what was stored, and must never be handed levels detected under other rules.
/// </summary>
public class ReplaySharedDataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASecondReplayOfTheSameCandlesReportsTheSameBytesAsAFreshOne()
    {
        var market = MarketDataSet.Generated(11, 6, 3_000);
        var preset = PresetCatalog.Get("breakout_v1");

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, cancellationToken: Ct);
        var first = ReplayJson.Serialize(report);
        var again = ReplayJson.Serialize(await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, cancellationToken: Ct));
        var fresh = ReplayJson.Serialize(await new ReplayRunner().RunAsync(market.Instruments, Copy(market.Candles), preset, cancellationToken: Ct));

        again.ShouldBe(first);
        fresh.ShouldBe(first);
        report.Trades.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task AReplayAfterOneWithOtherLevelRulesReportsWhatAFreshReplayReports()
    {
        var market = MarketDataSet.Generated(12, 6, 3_000);
        var swing = PresetCatalog.Get("swing_trading_pro");
        swing.LevelsRules.ShouldNotBe(PresetCatalog.Get("breakout_v1").LevelsRules);

        await new ReplayRunner().RunAsync(market.Instruments, market.Candles, PresetCatalog.Get("breakout_v1"), cancellationToken: Ct);
        var afterOther = ReplayJson.Serialize(await new ReplayRunner().RunAsync(market.Instruments, market.Candles, swing, cancellationToken: Ct));
        var fresh = ReplayJson.Serialize(await new ReplayRunner().RunAsync(market.Instruments, Copy(market.Candles), swing, cancellationToken: Ct));

        afterOther.ShouldBe(fresh);
    }

    [Fact]
    public async Task AScannerOnTheSameCandlesReadsTheLevelsAnotherDetectedAndOnlyForTheSameRules()
    {
        var market = MarketDataSet.Generated(13, 4, 400);
        var preset = PresetCatalog.Get("breakout_v1");
        var stricter = preset with { LevelsRules = preset.LevelsRules with { MinTouches = preset.LevelsRules.MinTouches + 1 } };

        var first = await LevelsByBarAsync(market.Candles, market, preset);
        var second = await LevelsByBarAsync(market.Candles, market, preset);
        var fresh = await LevelsByBarAsync(Copy(market.Candles), market, preset);
        var other = await LevelsByBarAsync(market.Candles, market, stricter);

        first.Count.ShouldBeGreaterThan(20, "the generated market gives levels on many bars");
        second.Keys.ShouldBe(first.Keys);
        foreach (var (key, levels) in first)
        {
            // The same objects: read from the memo, not detected again; a fresh copy of the candles detects equal levels.
            second[key].ShouldBeSameAs(levels);
            fresh[key].ShouldBe(levels);
            fresh[key].ShouldNotBeSameAs(levels);
            if (other.TryGetValue(key, out var stricterLevels))
            {
                stricterLevels.ShouldNotBeSameAs(levels);
            }
        }
    }

    [Fact]
    public void OptionsAreTheSameOnlyWhenEveryPropertyIsEqual()
    {
        var a = ScanningManager.LevelOptions(PresetCatalog.Get("breakout_v1").LevelsRules);
        var b = ScanningManager.LevelOptions(PresetCatalog.Get("breakout_v1").LevelsRules);
        ReferenceEquals(a, b).ShouldBeFalse();
        LevelOptionsIdentity.SameValues(a, b).ShouldBeTrue();
        LevelOptionsIdentity.SameValues(a, a with { DonchianPeriods = [.. a.DonchianPeriods] }).ShouldBeTrue("lists are compared by their elements");
        LevelOptionsIdentity.SameValues(a, a with { DonchianPeriods = [.. a.DonchianPeriods, 99] }).ShouldBeFalse();
        LevelOptionsIdentity.SameValues(a, a with { RoundSteps = [.. a.RoundSteps.Skip(1)] }).ShouldBeFalse();

        // Every other property, including any added later: changing it alone makes the options different.
        foreach (var property in typeof(LevelDetectorOptions).GetProperties().Where(p => p.CanWrite && p.PropertyType.IsValueType))
        {
            var changed = a with { };
            var value = property.GetValue(a)!;
            object other = value switch
            {
                int i => i + 1,
                double d => d + 0.001,
                bool flag => !flag,
                _ => throw new InvalidOperationException($"{property.Name}: add a changed value for {property.PropertyType.Name}"),
            };
            property.SetValue(changed, other);
            LevelOptionsIdentity.SameValues(a, changed).ShouldBeFalse(property.Name);
        }
    }

    private static async Task<Dictionary<(string, DateTimeOffset), IReadOnlyList<TradingLevel>>> LevelsByBarAsync(
        IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles, MarketDataSet market, TradingPreset preset)
    {
        var first = candles.Values.Min(c => c[0].Time);
        var clock = new ReplayClock(first + (Candle.Interval * InstrumentMarket.WindowSize));
        var scanner = new ScanningManager(new ReplayMarketDataProvider(market.Instruments, candles, clock));
        var found = new Dictionary<(string, DateTimeOffset), IReadOnlyList<TradingLevel>>();
        for (var bar = 0; bar < 200; bar++)
        {
            await scanner.ScanAsync(preset, Ct);
            foreach (var instrument in market.Instruments)
            {
                var levels = scanner.LevelsFor(instrument.Id, preset);
                if (levels.Count > 0)
                {
                    found[(instrument.Id, clock.GetUtcNow())] = levels;
                }
            }
            clock.Advance(Candle.Interval);
        }
        return found;
    }

    /// <summary>New lists holding the same candles: a replay of them derives everything again.</summary>
    internal static Dictionary<string, IReadOnlyList<Candle>> Copy(IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles) =>
        candles.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Candle>)kv.Value.ToArray(), StringComparer.Ordinal);
}
