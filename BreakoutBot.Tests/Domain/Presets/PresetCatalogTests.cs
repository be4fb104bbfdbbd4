using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Tests.Domain.Presets;

public class PresetCatalogTests
{
    public static TheoryData<string> ShippedNames => [.. PresetCatalog.Names];

    [Theory]
    [InlineData("breakout_v1")]
    [InlineData("breakout_v1_relaxed")]
    [InlineData("high_liquidity_top30")]
    [InlineData("scalping_high_freq")]
    [InlineData("swing_trading_pro")]
    [InlineData("top_gainers_momentum")]
    [InlineData("top_losers_reversal")]
    [InlineData("high_percent_breakout")]
    public void ShipsTheRequiredPreset(string name)
    {
        PresetCatalog.Names.ShouldContain(name);
        PresetCatalog.Get(name).Name.ShouldBe(name);
    }

    [Theory]
    [MemberData(nameof(ShippedNames))]
    public void EveryShippedPresetValidates(string name)
    {
        PresetValidator.Validate(PresetCatalog.Get(name)).ShouldBeEmpty();
    }

    [Fact]
    public void EveryEmbeddedPresetFileIsListed()
    {
        var resources = typeof(PresetCatalog).Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith("BreakoutBot.Presets.", StringComparison.Ordinal) && r.EndsWith(".json", StringComparison.Ordinal))
            .Select(r => r["BreakoutBot.Presets.".Length..^".json".Length])
            .Order(StringComparer.Ordinal)
            .ToList();

        resources.Count.ShouldBeGreaterThanOrEqualTo(8);
        PresetCatalog.Names.ShouldBe(resources);
    }

    [Fact]
    public void UnknownNameThrowsListingTheValidNames()
    {
        var ex = Should.Throw<DomainException>(() => PresetCatalog.Get("breakout_v9"));

        ex.Message.ShouldContain("breakout_v9");
        ex.Message.ShouldContain("breakout_v1, breakout_v1_relaxed");
        ex.Message.ShouldContain("top_losers_reversal");
    }

    [Fact]
    public void TryGetReportsMissingPresetsWithoutThrowing()
    {
        PresetCatalog.TryGet("no_such_preset", out var missing).ShouldBeFalse();
        missing.ShouldBeNull();
        PresetCatalog.TryGet(null, out _).ShouldBeFalse();
        PresetCatalog.TryGet("swing_trading_pro", out var found).ShouldBeTrue();
        found!.Name.ShouldBe("swing_trading_pro");
    }

    [Fact]
    public void ReturnsTheSameInstanceOnEveryCall()
    {
        PresetCatalog.Get("breakout_v1").ShouldBeSameAs(PresetCatalog.Get("breakout_v1"));
    }

    [Fact]
    public void BreakoutV1CarriesTheOriginalValues()
    {
        var p = PresetCatalog.Get("breakout_v1");

        // The original file said "breakout_v1_working"; we name it after its file so the API name and the name agree.
        p.Name.ShouldBe("breakout_v1");
        p.Description.ShouldBe("Balanced breakout strategy optimized for consistent profits");
        p.StrategyPriority.ShouldBe(StrategyPriority.Momentum);

        p.Risk.RiskPerTrade.ShouldBe(0.015);
        p.Risk.MaxConcurrentPositions.ShouldBe(3);
        p.Risk.DailyRiskLimit.ShouldBe(0.08);
        p.Risk.MaxPositionSizeUsd.ShouldBe(60000m);
        p.Risk.KillSwitchLossLimit.ShouldBe(0.18);
        p.Risk.CorrelationLimit.ShouldBe(0.4);

        p.LiquidityFilters.Min24hVolumeUsd.ShouldBe(5_000_000m);
        p.LiquidityFilters.MinOiUsd.ShouldBe(2_000_000m);
        p.LiquidityFilters.MaxSpreadBps.ShouldBe(30);
        p.LiquidityFilters.MinDepthUsd05Pct.ShouldBe(8000m);
        p.LiquidityFilters.MinDepthUsd03Pct.ShouldBe(5000m);
        p.LiquidityFilters.MinTradesPerMinute.ShouldBe(3.0);

        p.VolatilityFilters.AtrRangeMin.ShouldBe(0.005);
        p.VolatilityFilters.AtrRangeMax.ShouldBe(0.12);
        p.VolatilityFilters.BbWidthPercentileMax.ShouldBe(82);
        p.VolatilityFilters.VolumeSurge1hMin.ShouldBe(1.15);
        p.VolatilityFilters.VolumeSurge5mMin.ShouldBe(1.4);
        p.VolatilityFilters.OiDeltaThreshold.ShouldBe(0.018);

        p.SignalConfig.MomentumVolumeMultiplier.ShouldBe(1.4);
        p.SignalConfig.MomentumBodyRatioMin.ShouldBe(0.3);
        p.SignalConfig.MomentumEpsilon.ShouldBe(0.0012);
        p.SignalConfig.RetestPierceTolerance.ShouldBe(0.002);
        p.SignalConfig.RetestMaxPierceAtr.ShouldBe(0.35);
        p.SignalConfig.L2ImbalanceThreshold.ShouldBe(0.15);
        p.SignalConfig.VwapGapMaxAtr.ShouldBe(2.0);

        p.PositionConfig.Tp1R.ShouldBe(1.5);
        p.PositionConfig.Tp1SizePct.ShouldBe(0.4);
        p.PositionConfig.Tp2R.ShouldBe(2.8);
        p.PositionConfig.Tp2SizePct.ShouldBe(0.35);
        p.PositionConfig.ChandelierAtrMult.ShouldBe(2.3);
        p.PositionConfig.MaxHoldTimeHours.ShouldBe(20);
        p.PositionConfig.AddOnEnabled.ShouldBeTrue();
        p.PositionConfig.AddOnMaxSizePct.ShouldBe(0.3);

        p.ScannerConfig.MaxCandidates.ShouldBe(30);
        p.ScannerConfig.ScanIntervalSeconds.ShouldBe(120);
        p.ScannerConfig.ScoreWeights.ShouldBe(new Dictionary<string, double>
        {
            ["vol_surge"] = 0.3,
            ["oi_delta"] = 0.15,
            ["atr_quality"] = 0.2,
            ["correlation"] = 0.15,
            ["trades_per_minute"] = 0.2,
        }, ignoreOrder: true);
        p.ScannerConfig.SymbolWhitelist.ShouldBeNull();
        p.ScannerConfig.SymbolBlacklist.ShouldBe(["USDT/USD", "USDC/USD"]);
        p.ScannerConfig.TopNByVolume.ShouldBe(200);

        p.ExecutionConfig.EnableTwap.ShouldBeTrue();
        p.ExecutionConfig.EnableIceberg.ShouldBeTrue();
        p.ExecutionConfig.MaxDepthFraction.ShouldBe(0.25);
        p.ExecutionConfig.TwapMinSlices.ShouldBe(4);
        p.ExecutionConfig.TwapMaxSlices.ShouldBe(12);
        p.ExecutionConfig.TwapIntervalSeconds.ShouldBe(2.5);
        p.ExecutionConfig.IcebergMinNotional.ShouldBe(6000m);
        p.ExecutionConfig.LimitOffsetBps.ShouldBe(1.5);
        p.ExecutionConfig.SpreadWidenBps.ShouldBe(10);
        p.ExecutionConfig.DeadmanTimeoutMs.ShouldBe(8000);
        p.ExecutionConfig.TakerFeeBps.ShouldBe(6.5);
        p.ExecutionConfig.MakerFeeBps.ShouldBe(1.5);
    }

    [Theory]
    [InlineData("breakout_v1_relaxed", 0.015, 3, 0.08, 0.18, 2_000_000, 50, 1.5, 2.8, 20)]
    [InlineData("high_liquidity_top30", 0.005, 4, 0.04, 0.12, 500_000_000, 1.5, 1.0, 1.8, 36)]
    [InlineData("high_percent_breakout", 0.015, 3, 0.08, 0.18, 20_000_000, 15, 1.6, 3.0, 24)]
    [InlineData("scalping_high_freq", 0.008, 5, 0.06, 0.10, 100_000_000, 8, 0.8, 1.5, 4)]
    [InlineData("swing_trading_pro", 0.025, 4, 0.10, 0.20, 40_000_000, 10, 2.0, 4.0, 72)]
    [InlineData("top_gainers_momentum", 0.02, 3, 0.08, 0.15, 20_000_000, 15, 1.5, 3.0, 12)]
    [InlineData("top_losers_reversal", 0.015, 2, 0.06, 0.12, 30_000_000, 12, 1.2, 2.5, 18)]
    public void ShippedPresetCarriesTheOriginalKeyValues(
        string name, double risk, int maxPositions, double daily, double kill, long minVolume, double spread,
        double tp1, double tp2, double maxHoldHours)
    {
        var p = PresetCatalog.Get(name);

        p.Risk.RiskPerTrade.ShouldBe(risk);
        p.Risk.MaxConcurrentPositions.ShouldBe(maxPositions);
        p.Risk.DailyRiskLimit.ShouldBe(daily);
        p.Risk.KillSwitchLossLimit.ShouldBe(kill);
        p.LiquidityFilters.Min24hVolumeUsd.ShouldBe(minVolume);
        p.LiquidityFilters.MaxSpreadBps.ShouldBe(spread);
        p.PositionConfig.Tp1R.ShouldBe(tp1);
        p.PositionConfig.Tp2R.ShouldBe(tp2);
        p.PositionConfig.MaxHoldTimeHours.ShouldBe(maxHoldHours);
    }

    [Fact]
    public void HighPercentBreakoutHasAThreeHourTimeStopAndPanicExit()
    {
        var p = PresetCatalog.Get("high_percent_breakout");

        p.PositionConfig.TimeStopMinutes.ShouldBe(180);
        p.PositionConfig.PanicExitOnActivityDrop.ShouldBeTrue();
    }

    [Fact]
    public void TopLosersReversalPrefersRetestsAndRanksLosersFirst()
    {
        var p = PresetCatalog.Get("top_losers_reversal");

        p.StrategyPriority.ShouldBe(StrategyPriority.Retest);
        p.ScannerConfig.ScoreWeights[ScoreComponents.GainersMomentum].ShouldBeLessThan(0);
    }
}
