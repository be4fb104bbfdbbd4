using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Tests.Domain.Presets;

public class PresetValidatorTests
{
    private static readonly TradingPreset Valid = PresetCatalog.Get("breakout_v1");

    /// <summary>Each case breaks exactly one rule of an otherwise valid preset and names the field that must be reported.</summary>
    private static readonly Dictionary<string, (Func<TradingPreset, TradingPreset> Break, string Field)> BadCases = new()
    {
        ["empty name"] = (p => p with { Name = "" }, "name"),
        ["name with spaces"] = (p => p with { Name = "Breakout V1" }, "name"),
        ["name with path chars"] = (p => p with { Name = "../etc" }, "name"),
        ["blank description"] = (p => p with { Description = " " }, "description"),
        ["blank target markets"] = (p => p with { TargetMarkets = "" }, "target_markets"),
        ["undefined strategy"] = (p => p with { StrategyPriority = (StrategyPriority)7 }, "strategy_priority"),
        ["risk per trade zero"] = (p => p with { Risk = p.Risk with { RiskPerTrade = 0 } }, "risk.risk_per_trade"),
        ["risk per trade NaN"] = (p => p with { Risk = p.Risk with { RiskPerTrade = double.NaN } }, "risk.risk_per_trade"),
        ["risk per trade above daily"] = (p => p with { Risk = p.Risk with { RiskPerTrade = 0.1, DailyRiskLimit = 0.05 } }, "risk.risk_per_trade"),
        ["no positions"] = (p => p with { Risk = p.Risk with { MaxConcurrentPositions = 0 } }, "risk.max_concurrent_positions"),
        ["eleven positions"] = (p => p with { Risk = p.Risk with { MaxConcurrentPositions = 11 } }, "risk.max_concurrent_positions"),
        ["daily limit above 1"] = (p => p with { Risk = p.Risk with { DailyRiskLimit = 1.01 } }, "risk.daily_risk_limit"),
        ["negative max size"] = (p => p with { Risk = p.Risk with { MaxPositionSizeUsd = -1m } }, "risk.max_position_size_usd"),
        ["kill limit zero"] = (p => p with { Risk = p.Risk with { KillSwitchLossLimit = 0 } }, "risk.kill_switch_loss_limit"),
        ["correlation above 1"] = (p => p with { Risk = p.Risk with { CorrelationLimit = 1.2 } }, "risk.correlation_limit"),
        ["correlation negative"] = (p => p with { Risk = p.Risk with { CorrelationLimit = -0.1 } }, "risk.correlation_limit"),
        ["no consecutive losses"] = (p => p with { Risk = p.Risk with { MaxConsecutiveLosses = 0 } }, "risk.max_consecutive_losses"),
        ["day-high drawdown zero"] = (p => p with { Risk = p.Risk with { KillSwitchDrawdownFromDayHigh = 0 } }, "risk.kill_switch_drawdown_from_day_high"),
        ["correlated fraction above 1"] = (p => p with { Risk = p.Risk with { MaxCorrelatedPositionsFraction = 1.5 } }, "risk.max_correlated_positions_fraction"),
        ["zero volume"] = (p => p with { LiquidityFilters = p.LiquidityFilters with { Min24hVolumeUsd = 0m } }, "liquidity_filters.min_24h_volume_usd"),
        ["negative oi"] = (p => p with { LiquidityFilters = p.LiquidityFilters with { MinOiUsd = -5m } }, "liquidity_filters.min_oi_usd"),
        ["zero spread"] = (p => p with { LiquidityFilters = p.LiquidityFilters with { MaxSpreadBps = 0 } }, "liquidity_filters.max_spread_bps"),
        ["zero depth 0.5"] = (p => p with { LiquidityFilters = p.LiquidityFilters with { MinDepthUsd05Pct = 0m } }, "liquidity_filters.min_depth_usd_0_5pct"),
        ["negative depth 0.3"] = (p => p with { LiquidityFilters = p.LiquidityFilters with { MinDepthUsd03Pct = -1m } }, "liquidity_filters.min_depth_usd_0_3pct"),
        ["negative tpm"] = (p => p with { LiquidityFilters = p.LiquidityFilters with { MinTradesPerMinute = -1 } }, "liquidity_filters.min_trades_per_minute"),
        ["negative atr min"] = (p => p with { VolatilityFilters = p.VolatilityFilters with { AtrRangeMin = -0.01 } }, "volatility_filters.atr_range_min"),
        ["atr max below min"] = (p => p with { VolatilityFilters = p.VolatilityFilters with { AtrRangeMin = 0.05, AtrRangeMax = 0.04 } }, "volatility_filters.atr_range_max"),
        ["zero bb width"] = (p => p with { VolatilityFilters = p.VolatilityFilters with { BbWidthPercentileMax = 0 } }, "volatility_filters.bb_width_percentile_max"),
        ["negative 1h surge"] = (p => p with { VolatilityFilters = p.VolatilityFilters with { VolumeSurge1hMin = -1 } }, "volatility_filters.volume_surge_1h_min"),
        ["infinite 5m surge"] = (p => p with { VolatilityFilters = p.VolatilityFilters with { VolumeSurge5mMin = double.PositiveInfinity } }, "volatility_filters.volume_surge_5m_min"),
        ["negative oi delta"] = (p => p with { VolatilityFilters = p.VolatilityFilters with { OiDeltaThreshold = -0.1 } }, "volatility_filters.oi_delta_threshold"),
        ["zero volume multiplier"] = (p => p with { SignalConfig = p.SignalConfig with { MomentumVolumeMultiplier = 0 } }, "signal_config.momentum_volume_multiplier"),
        ["body ratio above 1"] = (p => p with { SignalConfig = p.SignalConfig with { MomentumBodyRatioMin = 1.1 } }, "signal_config.momentum_body_ratio_min"),
        ["negative epsilon"] = (p => p with { SignalConfig = p.SignalConfig with { MomentumEpsilon = -0.001 } }, "signal_config.momentum_epsilon"),
        ["negative pierce tolerance"] = (p => p with { SignalConfig = p.SignalConfig with { RetestPierceTolerance = -0.001 } }, "signal_config.retest_pierce_tolerance"),
        ["negative pierce atr"] = (p => p with { SignalConfig = p.SignalConfig with { RetestMaxPierceAtr = -1 } }, "signal_config.retest_max_pierce_atr"),
        ["unreachable imbalance"] = (p => p with { SignalConfig = p.SignalConfig with { L2ImbalanceThreshold = 1.5 } }, "signal_config.l2_imbalance_threshold"),
        ["zero vwap gap"] = (p => p with { SignalConfig = p.SignalConfig with { VwapGapMaxAtr = 0 } }, "signal_config.vwap_gap_max_atr"),
        ["density ratio above 1"] = (p => p with { SignalConfig = p.SignalConfig with { EnterOnDensityEatRatio = 2 } }, "signal_config.enter_on_density_eat_ratio"),
        ["zero signal timeout"] = (p => p with { SignalConfig = p.SignalConfig with { SignalTimeoutMinutes = 0 } }, "signal_config.signal_timeout_minutes"),
        ["zero active signals"] = (p => p with { SignalConfig = p.SignalConfig with { MaxActiveSignals = 0 } }, "signal_config.max_active_signals"),
        ["retest window inverted"] = (p => p with { SignalConfig = p.SignalConfig with { RetestMinBreakoutAgeHours = 30, RetestMaxBreakoutAgeHours = 24 } }, "signal_config.retest_max_breakout_age_hours"),
        ["zero tp1"] = (p => p with { PositionConfig = p.PositionConfig with { Tp1R = 0 } }, "position_config.tp1_r"),
        ["tp2 not above tp1"] = (p => p with { PositionConfig = p.PositionConfig with { Tp1R = 2, Tp2R = 2 } }, "position_config.tp2_r"),
        ["tp1 size zero"] = (p => p with { PositionConfig = p.PositionConfig with { Tp1SizePct = 0 } }, "position_config.tp1_size_pct"),
        ["tp2 size above 1"] = (p => p with { PositionConfig = p.PositionConfig with { Tp2SizePct = 1.2 } }, "position_config.tp2_size_pct"),
        ["tp sizes above 1"] = (p => p with { PositionConfig = p.PositionConfig with { Tp1SizePct = 0.6, Tp2SizePct = 0.5 } }, "position_config.tp2_size_pct"),
        ["zero chandelier mult"] = (p => p with { PositionConfig = p.PositionConfig with { ChandelierAtrMult = 0 } }, "position_config.chandelier_atr_mult"),
        ["one bar chandelier"] = (p => p with { PositionConfig = p.PositionConfig with { ChandelierLookbackBars = 1 } }, "position_config.chandelier_lookback_bars"),
        ["negative breakeven buffer"] = (p => p with { PositionConfig = p.PositionConfig with { BreakevenBufferBps = -1 } }, "position_config.breakeven_buffer_bps"),
        ["zero max hold"] = (p => p with { PositionConfig = p.PositionConfig with { MaxHoldTimeHours = 0 } }, "position_config.max_hold_time_hours"),
        ["zero time stop"] = (p => p with { PositionConfig = p.PositionConfig with { TimeStopMinutes = 0 } }, "position_config.time_stop_minutes"),
        ["zero no-progress hours"] = (p => p with { PositionConfig = p.PositionConfig with { NoProgressHours = 0 } }, "position_config.no_progress_hours"),
        ["add-on size above 1"] = (p => p with { PositionConfig = p.PositionConfig with { AddOnMaxSizePct = 1.5 } }, "position_config.add_on_max_size_pct"),
        ["activity threshold 1"] = (p => p with { PositionConfig = p.PositionConfig with { ActivityDropThreshold = 1 } }, "position_config.activity_drop_threshold"),
        ["zero candidates"] = (p => p with { ScannerConfig = p.ScannerConfig with { MaxCandidates = 0 } }, "scanner_config.max_candidates"),
        ["zero scan interval"] = (p => p with { ScannerConfig = p.ScannerConfig with { ScanIntervalSeconds = 0 } }, "scanner_config.scan_interval_seconds"),
        ["weights sum too small"] = (p => p with { ScannerConfig = p.ScannerConfig with { ScoreWeights = Weights(("vol_surge", 0.5), ("oi_delta", 0.2)) } }, "scanner_config.score_weights"),
        ["weights sum too large"] = (p => p with { ScannerConfig = p.ScannerConfig with { ScoreWeights = Weights(("vol_surge", 0.9), ("oi_delta", 0.4)) } }, "scanner_config.score_weights"),
        ["no weights"] = (p => p with { ScannerConfig = p.ScannerConfig with { ScoreWeights = Weights() } }, "scanner_config.score_weights"),
        ["unknown weight"] = (p => p with { ScannerConfig = p.ScannerConfig with { ScoreWeights = Weights(("vol_surge", 0.5), ("video_strategy_volume", 0.5)) } }, "scanner_config.score_weights.video_strategy_volume"),
        ["NaN weight"] = (p => p with { ScannerConfig = p.ScannerConfig with { ScoreWeights = Weights(("vol_surge", double.NaN)) } }, "scanner_config.score_weights.vol_surge"),
        ["blank blacklist entry"] = (p => p with { ScannerConfig = p.ScannerConfig with { SymbolBlacklist = ["BTC-USDT-SWAP", ""] } }, "scanner_config.symbol_blacklist[1]"),
        ["blank whitelist entry"] = (p => p with { ScannerConfig = p.ScannerConfig with { SymbolWhitelist = [" "] } }, "scanner_config.symbol_whitelist[0]"),
        ["markup in whitelist"] = (p => p with { ScannerConfig = p.ScannerConfig with { SymbolWhitelist = ["BTC-USDT-SWAP", "<b>x</b>"] } }, "scanner_config.symbol_whitelist[1]"),
        ["path in blacklist"] = (p => p with { ScannerConfig = p.ScannerConfig with { SymbolBlacklist = ["../../etc"] } }, "scanner_config.symbol_blacklist[0]"),
        ["300-character symbol"] = (p => p with { ScannerConfig = p.ScannerConfig with { SymbolWhitelist = [new string('A', 300)] } }, "scanner_config.symbol_whitelist[0]"),
        ["lower-case symbol"] = (p => p with { ScannerConfig = p.ScannerConfig with { SymbolWhitelist = ["btc-usdt-swap"] } }, "scanner_config.symbol_whitelist[0]"),
        ["too many symbols"] = (p => p with { ScannerConfig = p.ScannerConfig with { SymbolWhitelist = Enumerable.Range(0, 501).Select(i => "S" + i + "-USDT").ToList() } }, "scanner_config.symbol_whitelist"),
        ["huge description"] = (p => p with { Description = new string('x', 1001) }, "description"),
        ["huge target markets"] = (p => p with { TargetMarkets = new string('x', 201) }, "target_markets"),
        ["control character in description"] = (p => p with { Description = "ok\u0000" }, "description"),
        ["zero top n"] = (p => p with { ScannerConfig = p.ScannerConfig with { TopNByVolume = 0 } }, "scanner_config.top_n_by_volume"),
        ["zero depth fraction"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { MaxDepthFraction = 0 } }, "execution_config.max_depth_fraction"),
        ["zero min slices"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { TwapMinSlices = 0 } }, "execution_config.twap_min_slices"),
        ["max slices below min"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { TwapMinSlices = 6, TwapMaxSlices = 4 } }, "execution_config.twap_max_slices"),
        ["negative twap interval"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { TwapIntervalSeconds = -1 } }, "execution_config.twap_interval_seconds"),
        ["zero entry slippage"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { MaxEntrySlippageBps = 0 } }, "execution_config.max_entry_slippage_bps"),
        ["negative entry slippage"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { MaxEntrySlippageBps = -5 } }, "execution_config.max_entry_slippage_bps"),
        ["entry slippage above 1000"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { MaxEntrySlippageBps = 1000.5 } }, "execution_config.max_entry_slippage_bps"),
        ["NaN entry slippage"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { MaxEntrySlippageBps = double.NaN } }, "execution_config.max_entry_slippage_bps"),
        ["negative iceberg notional"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { IcebergMinNotional = -1m } }, "execution_config.iceberg_min_notional"),
        ["negative limit offset"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { LimitOffsetBps = -1 } }, "execution_config.limit_offset_bps"),
        ["negative spread widen"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { SpreadWidenBps = -1 } }, "execution_config.spread_widen_bps"),
        ["zero deadman"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { DeadmanTimeoutMs = 0 } }, "execution_config.deadman_timeout_ms"),
        ["negative taker fee"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { TakerFeeBps = -1 } }, "execution_config.taker_fee_bps"),
        ["absurd maker rebate"] = (p => p with { ExecutionConfig = p.ExecutionConfig with { MakerFeeBps = -50 } }, "execution_config.maker_fee_bps"),
        ["zero touches"] = (p => p with { LevelsRules = p.LevelsRules with { MinTouches = 0 } }, "levels_rules.min_touches"),
        ["negative pierce pct"] = (p => p with { LevelsRules = p.LevelsRules with { MaxPiercePct = -0.1 } }, "levels_rules.max_pierce_pct"),
        ["negative separation"] = (p => p with { LevelsRules = p.LevelsRules with { MinLevelSeparationAtr = -1 } }, "levels_rules.min_level_separation_atr"),
        ["zero touch tolerance"] = (p => p with { LevelsRules = p.LevelsRules with { TouchToleranceAtr = 0 } }, "levels_rules.touch_tolerance_atr"),
        ["zero round step"] = (p => p with { LevelsRules = p.LevelsRules with { RoundStepCandidates = [0.01, 0] } }, "levels_rules.round_step_candidates[1]"),
        ["one-level cascade"] = (p => p with { LevelsRules = p.LevelsRules with { CascadeMinLevels = 1 } }, "levels_rules.cascade_min_levels"),
        ["zero cascade radius"] = (p => p with { LevelsRules = p.LevelsRules with { CascadeRadiusBps = 0 } }, "levels_rules.cascade_radius_bps"),
        ["zero approach slope"] = (p => p with { LevelsRules = p.LevelsRules with { ApproachSlopeMaxPctPerBar = 0 } }, "levels_rules.approach_slope_max_pct_per_bar"),
        ["negative consolidation"] = (p => p with { LevelsRules = p.LevelsRules with { PrebreakoutConsolidationMinBars = -1 } }, "levels_rules.prebreakout_consolidation_min_bars"),
        ["no donchian periods"] = (p => p with { LevelsRules = p.LevelsRules with { DonchianPeriods = [] } }, "levels_rules.donchian_periods"),
        ["one-bar donchian"] = (p => p with { LevelsRules = p.LevelsRules with { DonchianPeriods = [10, 1] } }, "levels_rules.donchian_periods[1]"),
        ["percentile above 1"] = (p => p with { LevelsRules = p.LevelsRules with { VolumeLevelPercentile = 85 } }, "levels_rules.volume_level_percentile"),
        ["missing risk section"] = (p => p with { Risk = null! }, "risk"),
        ["missing levels section"] = (p => p with { LevelsRules = null! }, "levels_rules"),
    };

    public static TheoryData<string> BadCaseNames => [.. BadCases.Keys];

    [Fact]
    public void AcceptsAValidPreset()
    {
        PresetValidator.Validate(Valid).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(BadCaseNames))]
    public void RejectsABrokenRuleNamingTheField(string caseName)
    {
        var (breakRule, field) = BadCases[caseName];

        var errors = PresetValidator.Validate(breakRule(Valid));

        errors.Select(e => e.Field).ShouldBe([field], $"case '{caseName}' gave: {string.Join(" | ", errors)}");
        errors[0].Message.ShouldStartWith(field);
    }

    [Fact]
    public void SymbolListsAcceptInstrumentIdsAndTheBuiltInPairFormAndTheMessageShowsTheBadEntryShortened()
    {
        var ok = Valid with { ScannerConfig = Valid.ScannerConfig with { SymbolWhitelist = ["BTC-USDT-SWAP", "ETH-USDT", "BTC-USD-260327"], SymbolBlacklist = ["USDT/USD"] } };
        PresetValidator.Validate(ok).ShouldBeEmpty();

        var error = PresetValidator.Validate(Valid with { ScannerConfig = Valid.ScannerConfig with { SymbolWhitelist = [new string('A', 300)] } }).ShouldHaveSingleItem();

        error.Message.ShouldStartWith("scanner_config.symbol_whitelist[0] must be an instrument id such as BTC-USDT-SWAP");
        error.Message.Length.ShouldBeLessThan(200);
    }

    [Fact]
    public void AnOverlongNameIsQuotedShortenedNotEchoedWhole()
    {
        var error = PresetValidator.Validate(Valid with { Name = new string('a', 5_000) }).ShouldHaveSingleItem();

        error.Field.ShouldBe("name");
        error.Message.ShouldBe("name must be 1..64 characters of a-z, 0-9 and _; got \"" + new string('a', 40) + "…\".");
    }

    [Fact]
    public void MessageStatesTheAllowedRangeAndTheBadValue()
    {
        var errors = PresetValidator.Validate(Valid with { Risk = Valid.Risk with { RiskPerTrade = 1.5, DailyRiskLimit = 1 } });

        errors.ShouldHaveSingleItem().Message.ShouldBe("risk.risk_per_trade must be in (0, 1]; got 1.5.");
    }

    [Fact]
    public void EntrySlippageMessageStatesTheOpenLowerBoundAndTheBadValue()
    {
        var errors = PresetValidator.Validate(Valid with { ExecutionConfig = Valid.ExecutionConfig with { MaxEntrySlippageBps = 0 } });

        errors.ShouldHaveSingleItem().Message.ShouldBe("execution_config.max_entry_slippage_bps must be in (0, 1000]; got 0.");
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(10)]
    [InlineData(1000)]
    public void AcceptsAnEntrySlippageAboveZeroUpToAThousandBps(double bps)
    {
        PresetValidator.Validate(Valid with { ExecutionConfig = Valid.ExecutionConfig with { MaxEntrySlippageBps = bps } }).ShouldBeEmpty();
    }

    [Fact]
    public void ReportsEveryProblemAtOnce()
    {
        var broken = Valid with
        {
            Name = "",
            Risk = Valid.Risk with { MaxConcurrentPositions = 0 },
            PositionConfig = Valid.PositionConfig with { Tp2R = 1.0 },
        };

        PresetValidator.Validate(broken).Select(e => e.Field)
            .ShouldBe(["name", "risk.max_concurrent_positions", "position_config.tp2_r"]);
    }

    [Fact]
    public void AcceptsValuesOnTheInclusiveBoundaries()
    {
        var edge = Valid with
        {
            Risk = Valid.Risk with { MaxConcurrentPositions = 10, CorrelationLimit = 1, DailyRiskLimit = 1, KillSwitchLossLimit = 1 },
            SignalConfig = Valid.SignalConfig with { MomentumBodyRatioMin = 0, L2ImbalanceThreshold = 1 },
            PositionConfig = Valid.PositionConfig with { Tp1SizePct = 0.7, Tp2SizePct = 0.3 },
            VolatilityFilters = Valid.VolatilityFilters with { AtrRangeMin = 0.05, AtrRangeMax = 0.05 },
            ScannerConfig = Valid.ScannerConfig with { ScoreWeights = Weights(("vol_surge", 0.6), ("correlation", 0.2)) },
            ExecutionConfig = Valid.ExecutionConfig with { TwapMinSlices = 5, TwapMaxSlices = 5, MakerFeeBps = -1 },
        };

        PresetValidator.Validate(edge).ShouldBeEmpty();
    }

    [Fact]
    public void AcceptsNegativeWeightsWhoseSumIsInRange()
    {
        var losersFirst = Valid with
        {
            ScannerConfig = Valid.ScannerConfig with
            {
                ScoreWeights = Weights(("vol_surge", 0.7), ("trades_per_minute", 0.5), ("gainers_momentum", -0.2)),
            },
        };

        PresetValidator.Validate(losersFirst).ShouldBeEmpty();
    }

    private static Dictionary<string, double> Weights(params (string Key, double Weight)[] weights) =>
        weights.ToDictionary(w => w.Key, w => w.Weight);
}
