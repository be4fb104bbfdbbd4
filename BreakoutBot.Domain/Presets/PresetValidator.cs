using System.Globalization;
using System.Text.RegularExpressions;

namespace BreakoutBot.Domain.Presets;

/// <summary>
/// Checks every value of a preset against its allowed range. The original bot's rules are kept (fractions of equity
/// in (0, 1], 1..10 positions, tp1_r &lt; tp2_r, |Σ score weights| in [0.8, 1.2], …) and extended with the checks
/// any value needs to be meaningful (finite, non-negative where a negative is nonsense, cross-field consistency).
/// </summary>
public static partial class PresetValidator
{
    private const int MaxNameLength = 64;

    private const double SizeSumTolerance = 1e-9;

    /// <summary>All problems found, in field order; empty when the preset is valid.</summary>
    public static IReadOnlyList<PresetError> Validate(TradingPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var c = new Checker();
        CheckTop(c, preset);
        if (c.Present("risk", preset.Risk))
        {
            CheckRisk(c, preset.Risk);
        }
        if (c.Present("liquidity_filters", preset.LiquidityFilters))
        {
            CheckLiquidity(c, preset.LiquidityFilters);
        }
        if (c.Present("volatility_filters", preset.VolatilityFilters))
        {
            CheckVolatility(c, preset.VolatilityFilters);
        }
        if (c.Present("signal_config", preset.SignalConfig))
        {
            CheckSignal(c, preset.SignalConfig);
        }
        if (c.Present("position_config", preset.PositionConfig))
        {
            CheckPosition(c, preset.PositionConfig);
        }
        if (c.Present("scanner_config", preset.ScannerConfig))
        {
            CheckScanner(c, preset.ScannerConfig);
        }
        if (c.Present("execution_config", preset.ExecutionConfig))
        {
            CheckExecution(c, preset.ExecutionConfig);
        }
        if (c.Present("levels_rules", preset.LevelsRules))
        {
            CheckLevels(c, preset.LevelsRules);
        }
        return c.Errors;
    }

    private static void CheckTop(Checker c, TradingPreset p)
    {
        if (string.IsNullOrEmpty(p.Name))
        {
            c.Add("name", "name must not be empty.");
        }
        else if (p.Name.Length > MaxNameLength || !SafeName().IsMatch(p.Name))
        {
            c.Add("name", $"name must be 1..{MaxNameLength} characters of a-z, 0-9 and _; got \"{Shown(p.Name)}\".");
        }
        CheckText(c, "description", p.Description, MaxDescriptionLength);
        CheckText(c, "target_markets", p.TargetMarkets, MaxTargetMarketsLength);
        if (!Enum.IsDefined(p.StrategyPriority))
        {
            c.Add("strategy_priority", $"strategy_priority must be momentum or retest; got {(int)p.StrategyPriority}.");
        }
    }

    private static void CheckRisk(Checker c, RiskConfig r)
    {
        var riskOk = c.Range("risk.risk_per_trade", r.RiskPerTrade, 0, false, 1, true);
        c.Range("risk.max_concurrent_positions", r.MaxConcurrentPositions, 1, 10);
        var dailyOk = c.Range("risk.daily_risk_limit", r.DailyRiskLimit, 0, false, 1, true);
        c.Positive("risk.max_position_size_usd", r.MaxPositionSizeUsd);
        c.Range("risk.kill_switch_loss_limit", r.KillSwitchLossLimit, 0, false, 1, true);
        c.Range("risk.correlation_limit", r.CorrelationLimit, 0, true, 1, true);
        c.Range("risk.max_consecutive_losses", r.MaxConsecutiveLosses, 1, 20);
        c.Range("risk.kill_switch_drawdown_from_day_high", r.KillSwitchDrawdownFromDayHigh, 0, false, 1, true);
        c.Range("risk.max_correlated_positions_fraction", r.MaxCorrelatedPositionsFraction, 0, false, 1, true);
        c.Range("risk.max_leverage", r.MaxLeverage, 0, false, 125, true);
        if (riskOk && dailyOk && r.RiskPerTrade > r.DailyRiskLimit)
        {
            c.Add("risk.risk_per_trade", Invariant(
                $"risk.risk_per_trade must not exceed risk.daily_risk_limit ({r.DailyRiskLimit}); got {r.RiskPerTrade}."));
        }
    }

    private static void CheckLiquidity(Checker c, LiquidityFilters l)
    {
        c.Positive("liquidity_filters.min_24h_volume_usd", l.Min24hVolumeUsd);
        c.NonNegative("liquidity_filters.min_oi_usd", l.MinOiUsd);
        c.Range("liquidity_filters.max_spread_bps", l.MaxSpreadBps, 0, false, double.PositiveInfinity, false);
        c.Positive("liquidity_filters.min_depth_usd_0_5pct", l.MinDepthUsd05Pct);
        c.Positive("liquidity_filters.min_depth_usd_0_3pct", l.MinDepthUsd03Pct);
        c.Range("liquidity_filters.min_trades_per_minute", l.MinTradesPerMinute, 0, true, double.PositiveInfinity, false);
    }

    private static void CheckVolatility(Checker c, VolatilityFilters v)
    {
        var minOk = c.Range("volatility_filters.atr_range_min", v.AtrRangeMin, 0, true, 1, false);
        var maxOk = c.Range("volatility_filters.atr_range_max", v.AtrRangeMax, 0, false, 1, true);
        if (minOk && maxOk && v.AtrRangeMax < v.AtrRangeMin)
        {
            c.Add("volatility_filters.atr_range_max", Invariant(
                $"volatility_filters.atr_range_max must be >= volatility_filters.atr_range_min ({v.AtrRangeMin}); got {v.AtrRangeMax}."));
        }
        c.Range("volatility_filters.bb_width_percentile_max", v.BbWidthPercentileMax, 0, false, double.PositiveInfinity, false);
        c.Range("volatility_filters.volume_surge_1h_min", v.VolumeSurge1hMin, 0, true, double.PositiveInfinity, false);
        c.Range("volatility_filters.volume_surge_5m_min", v.VolumeSurge5mMin, 0, true, double.PositiveInfinity, false);
        if (v.OiDeltaThreshold is { } oi)
        {
            c.Range("volatility_filters.oi_delta_threshold", oi, 0, true, double.PositiveInfinity, false);
        }
    }

    private static void CheckSignal(Checker c, SignalConfig s)
    {
        c.Range("signal_config.momentum_volume_multiplier", s.MomentumVolumeMultiplier, 0, false, double.PositiveInfinity, false);
        c.Range("signal_config.momentum_body_ratio_min", s.MomentumBodyRatioMin, 0, true, 1, true);
        c.Range("signal_config.momentum_epsilon", s.MomentumEpsilon, 0, true, 1, false);
        c.Range("signal_config.retest_pierce_tolerance", s.RetestPierceTolerance, 0, true, 1, false);
        c.Range("signal_config.retest_max_pierce_atr", s.RetestMaxPierceAtr, 0, true, double.PositiveInfinity, false);
        // |imbalance| never exceeds 1, so a larger threshold (as in the original's video presets) could never pass.
        c.Range("signal_config.l2_imbalance_threshold", s.L2ImbalanceThreshold, 0, true, 1, true);
        c.Range("signal_config.vwap_gap_max_atr", s.VwapGapMaxAtr, 0, false, double.PositiveInfinity, false);
        c.Range("signal_config.prelevel_limit_offset_bps", s.PrelevelLimitOffsetBps, 0, true, double.PositiveInfinity, false);
        c.Range("signal_config.enter_on_density_eat_ratio", s.EnterOnDensityEatRatio, 0, true, 1, true);
        c.Range("signal_config.tpm_on_touch_frac", s.TpmOnTouchFrac, 0, true, 1, true);
        c.Range("signal_config.signal_timeout_minutes", s.SignalTimeoutMinutes, 1, int.MaxValue);
        c.Range("signal_config.max_active_signals", s.MaxActiveSignals, 1, int.MaxValue);
        var minAgeOk = c.Range("signal_config.retest_min_breakout_age_hours", s.RetestMinBreakoutAgeHours, 0, true, double.PositiveInfinity, false);
        var maxAgeOk = c.Range("signal_config.retest_max_breakout_age_hours", s.RetestMaxBreakoutAgeHours, 0, false, double.PositiveInfinity, false);
        if (minAgeOk && maxAgeOk && s.RetestMaxBreakoutAgeHours <= s.RetestMinBreakoutAgeHours)
        {
            c.Add("signal_config.retest_max_breakout_age_hours", Invariant(
                $"signal_config.retest_max_breakout_age_hours must be > signal_config.retest_min_breakout_age_hours ({s.RetestMinBreakoutAgeHours}); got {s.RetestMaxBreakoutAgeHours}."));
        }
    }

    private static void CheckPosition(Checker c, PositionConfig p)
    {
        var tp1Ok = c.Range("position_config.tp1_r", p.Tp1R, 0, false, double.PositiveInfinity, false);
        var tp2Ok = c.Range("position_config.tp2_r", p.Tp2R, 0, false, double.PositiveInfinity, false);
        if (tp1Ok && tp2Ok && p.Tp2R <= p.Tp1R)
        {
            c.Add("position_config.tp2_r", Invariant(
                $"position_config.tp2_r must be > position_config.tp1_r ({p.Tp1R}); got {p.Tp2R}."));
        }
        var size1Ok = c.Range("position_config.tp1_size_pct", p.Tp1SizePct, 0, false, 1, true);
        var size2Ok = c.Range("position_config.tp2_size_pct", p.Tp2SizePct, 0, false, 1, true);
        if (size1Ok && size2Ok && p.Tp1SizePct + p.Tp2SizePct > 1 + SizeSumTolerance)
        {
            c.Add("position_config.tp2_size_pct", Invariant(
                $"position_config.tp2_size_pct plus position_config.tp1_size_pct must be <= 1; got {p.Tp2SizePct} + {p.Tp1SizePct}."));
        }
        c.Range("position_config.chandelier_atr_mult", p.ChandelierAtrMult, 0, false, double.PositiveInfinity, false);
        c.Range("position_config.chandelier_lookback_bars", p.ChandelierLookbackBars, 2, 500);
        c.Range("position_config.breakeven_buffer_bps", p.BreakevenBufferBps, 0, true, double.PositiveInfinity, false);
        c.Range("position_config.max_hold_time_hours", p.MaxHoldTimeHours, 0, false, double.PositiveInfinity, false);
        if (p.TimeStopMinutes is { } minutes)
        {
            c.Range("position_config.time_stop_minutes", minutes, 1, int.MaxValue);
        }
        c.Range("position_config.no_progress_hours", p.NoProgressHours, 0, false, double.PositiveInfinity, false);
        c.Range("position_config.no_progress_min_r", p.NoProgressMinR, 0, true, double.PositiveInfinity, false);
        c.Range("position_config.add_on_max_size_pct", p.AddOnMaxSizePct, 0, false, 1, true);
        c.Range("position_config.activity_drop_threshold", p.ActivityDropThreshold, 0, false, 1, false);
    }

    private static void CheckScanner(Checker c, ScannerConfig s)
    {
        c.Range("scanner_config.max_candidates", s.MaxCandidates, 1, int.MaxValue);
        c.Range("scanner_config.scan_interval_seconds", s.ScanIntervalSeconds, 1, int.MaxValue);
        if (c.Present("scanner_config.score_weights", s.ScoreWeights))
        {
            CheckScoreWeights(c, s.ScoreWeights);
        }
        CheckSymbols(c, "scanner_config.symbol_whitelist", s.SymbolWhitelist);
        CheckSymbols(c, "scanner_config.symbol_blacklist", s.SymbolBlacklist);
        if (s.TopNByVolume is { } top)
        {
            c.Range("scanner_config.top_n_by_volume", top, 1, int.MaxValue);
        }
    }

    private static void CheckScoreWeights(Checker c, IReadOnlyDictionary<string, double> weights)
    {
        const string Field = "scanner_config.score_weights";
        if (weights.Count == 0)
        {
            c.Add(Field, $"{Field} must name at least one of: {string.Join(", ", ScoreComponents.All)}.");
            return;
        }
        var allFinite = true;
        foreach (var (key, weight) in weights)
        {
            if (!ScoreComponents.All.Contains(key))
            {
                c.Add($"{Field}.{key}", $"{Field}.{key} is not a known score component; known: {string.Join(", ", ScoreComponents.All)}.");
            }
            allFinite &= c.Finite($"{Field}.{key}", weight);
        }
        if (allFinite)
        {
            var sum = weights.Values.Sum();
            if (Math.Abs(sum) < 0.8 || Math.Abs(sum) > 1.2)
            {
                c.Add(Field, Invariant($"{Field} must sum (in absolute value) to [0.8, 1.2]; got {sum}."));
            }
        }
    }

    private static void CheckExecution(Checker c, ExecutionConfig e)
    {
        c.Range("execution_config.max_depth_fraction", e.MaxDepthFraction, 0, false, 1, true);
        var minSlicesOk = c.Range("execution_config.twap_min_slices", e.TwapMinSlices, 1, 100);
        var maxSlicesOk = c.Range("execution_config.twap_max_slices", e.TwapMaxSlices, 1, 100);
        if (minSlicesOk && maxSlicesOk && e.TwapMaxSlices < e.TwapMinSlices)
        {
            c.Add("execution_config.twap_max_slices", Invariant(
                $"execution_config.twap_max_slices must be >= execution_config.twap_min_slices ({e.TwapMinSlices}); got {e.TwapMaxSlices}."));
        }
        c.Range("execution_config.twap_interval_seconds", e.TwapIntervalSeconds, 0, true, 3600, true);
        c.NonNegative("execution_config.iceberg_min_notional", e.IcebergMinNotional);
        c.Range("execution_config.limit_offset_bps", e.LimitOffsetBps, 0, true, 1000, true);
        c.Range("execution_config.spread_widen_bps", e.SpreadWidenBps, 0, true, double.PositiveInfinity, false);
        c.Range("execution_config.max_entry_slippage_bps", e.MaxEntrySlippageBps, 0, false, 1000, true);
        c.Range("execution_config.deadman_timeout_ms", e.DeadmanTimeoutMs, 1, int.MaxValue);
        c.Range("execution_config.taker_fee_bps", e.TakerFeeBps, 0, true, 100, true);
        // Negative maker fees are rebates, which exchanges do pay at high tiers.
        c.Range("execution_config.maker_fee_bps", e.MakerFeeBps, -10, true, 100, true);
    }

    private static void CheckLevels(Checker c, LevelsRules l)
    {
        c.Range("levels_rules.min_touches", l.MinTouches, 1, 100);
        c.Range("levels_rules.max_pierce_pct", l.MaxPiercePct, 0, true, 1, false);
        c.Range("levels_rules.min_level_separation_atr", l.MinLevelSeparationAtr, 0, true, double.PositiveInfinity, false);
        c.Range("levels_rules.touch_tolerance_atr", l.TouchToleranceAtr, 0, false, double.PositiveInfinity, false);
        if (c.Present("levels_rules.round_step_candidates", l.RoundStepCandidates))
        {
            for (var i = 0; i < l.RoundStepCandidates.Count; i++)
            {
                c.Range($"levels_rules.round_step_candidates[{i}]", l.RoundStepCandidates[i], 0, false, double.PositiveInfinity, false);
            }
        }
        c.Range("levels_rules.cascade_min_levels", l.CascadeMinLevels, 2, 100);
        c.Range("levels_rules.cascade_radius_bps", l.CascadeRadiusBps, 0, false, double.PositiveInfinity, false);
        c.Range("levels_rules.approach_slope_max_pct_per_bar", l.ApproachSlopeMaxPctPerBar, 0, false, double.PositiveInfinity, false);
        c.Range("levels_rules.prebreakout_consolidation_min_bars", l.PrebreakoutConsolidationMinBars, 0, 1000);
        if (c.Present("levels_rules.donchian_periods", l.DonchianPeriods))
        {
            if (l.DonchianPeriods.Count == 0)
            {
                c.Add("levels_rules.donchian_periods", "levels_rules.donchian_periods must list at least one period.");
            }
            for (var i = 0; i < l.DonchianPeriods.Count; i++)
            {
                c.Range($"levels_rules.donchian_periods[{i}]", l.DonchianPeriods[i], 2, 1000);
            }
        }
        c.Range("levels_rules.volume_level_percentile", l.VolumeLevelPercentile, 0, false, 1, true);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex SafeName();

    /// <summary>Collects errors; each check returns whether the value passed so cross-field checks can build on it.</summary>
    private sealed class Checker
    {
        private readonly List<PresetError> _errors = [];

        public IReadOnlyList<PresetError> Errors => _errors;

        public void Add(string field, string message) => _errors.Add(new PresetError(field, message));

        public bool Present(string field, object? value)
        {
            if (value is null)
            {
                Add(field, $"{field} is required.");
                return false;
            }
            return true;
        }

        public bool Finite(string field, double value)
        {
            if (double.IsFinite(value))
            {
                return true;
            }
            Add(field, Invariant($"{field} must be a finite number; got {value}."));
            return false;
        }

        public bool Range(string field, double value, double min, bool minInclusive, double max, bool maxInclusive)
        {
            if (!Finite(field, value))
            {
                return false;
            }
            var aboveMin = minInclusive ? value >= min : value > min;
            var belowMax = maxInclusive ? value <= max : value < max;
            if (aboveMin && belowMax)
            {
                return true;
            }
            var allowed = double.IsPositiveInfinity(max)
                ? Invariant($"{(minInclusive ? ">=" : ">")} {min}")
                : Invariant($"in {(minInclusive ? "[" : "(")}{min}, {max}{(maxInclusive ? "]" : ")")}");
            Add(field, Invariant($"{field} must be {allowed}; got {value}."));
            return false;
        }

        public bool Range(string field, int value, int min, int max)
        {
            if (value >= min && value <= max)
            {
                return true;
            }
            var allowed = max == int.MaxValue
                ? Invariant($">= {min}")
                : Invariant($"in [{min}, {max}]");
            Add(field, Invariant($"{field} must be {allowed}; got {value}."));
            return false;
        }

        public void Positive(string field, decimal? value)
        {
            if (value is { } v && v <= 0)
            {
                Add(field, Invariant($"{field} must be > 0; got {v}."));
            }
        }

        public void NonNegative(string field, decimal? value)
        {
            if (value is { } v && v < 0)
            {
                Add(field, Invariant($"{field} must be >= 0; got {v}."));
            }
        }
    }
}
