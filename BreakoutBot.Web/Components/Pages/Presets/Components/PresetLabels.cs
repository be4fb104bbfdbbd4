namespace BreakoutBot.Web.Components.Pages.Presets.Components;

/// <summary>
/// The preset editor's label for every preset field, by the field's dotted JSON path ("liquidity_filters.min_oi_usd"):
/// words and units a trader reads, while the form keeps the JSON key beside each field so it can be matched to the
/// preset file and the docs. Fields the engine reads nowhere (ADR-003) say "not used". A field the table does not know is labelled from its key (and a test fails until it is added).
/// </summary>
public static class PresetLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["risk.risk_per_trade"] = "Risk per trade (fraction of equity)",
        ["risk.max_concurrent_positions"] = "Maximum open positions",
        ["risk.daily_risk_limit"] = "Daily loss limit for new entries (fraction of equity)",
        ["risk.max_position_size_usd"] = "Maximum position size (USD)",
        ["risk.kill_switch_loss_limit"] = "Kill switch: daily loss (fraction of equity)",
        ["risk.correlation_limit"] = "Maximum correlation to BTC",
        ["risk.max_consecutive_losses"] = "Kill switch: losing trades in a row",
        ["risk.kill_switch_drawdown_from_day_high"] = "Kill switch: drawdown from the day's high (fraction)",
        ["risk.flatten_on_kill_switch"] = "Close every position when the kill switch fires",
        ["risk.max_correlated_positions_fraction"] = "Maximum share of open notional in correlated positions",
        ["risk.max_leverage"] = "Maximum leverage (open notional / equity)",

        ["liquidity_filters.min_24h_volume_usd"] = "Minimum 24 h volume (USD)",
        ["liquidity_filters.min_oi_usd"] = "Minimum open interest (USD)",
        ["liquidity_filters.max_spread_bps"] = "Maximum spread (bps)",
        ["liquidity_filters.min_depth_usd_0_5pct"] = "Minimum depth within 0.5 % (USD)",
        ["liquidity_filters.min_depth_usd_0_3pct"] = "Minimum depth within 0.3 % (USD)",
        ["liquidity_filters.min_trades_per_minute"] = "Minimum trades per minute",

        ["volatility_filters.atr_range_min"] = "Minimum ATR / price",
        ["volatility_filters.atr_range_max"] = "Maximum ATR / price",
        ["volatility_filters.bb_width_percentile_max"] = "Maximum Bollinger band width (% of the middle band)",
        ["volatility_filters.volume_surge_1h_min"] = "Minimum 1 h volume surge (ratio)",
        ["volatility_filters.volume_surge_5m_min"] = "Minimum 5 min volume surge (ratio)",
        ["volatility_filters.oi_delta_threshold"] = "Minimum 24 h open-interest change (fraction)",

        ["signal_config.momentum_volume_multiplier"] = "Momentum: breakout bar volume (× median)",
        ["signal_config.momentum_body_ratio_min"] = "Momentum: minimum body / range of the breakout bar",
        ["signal_config.momentum_epsilon"] = "Momentum: close beyond the level (fraction)",
        ["signal_config.retest_pierce_tolerance"] = "Retest: entry offset from the level (fraction; not used)",
        ["signal_config.retest_max_pierce_atr"] = "Retest: maximum pierce back through the level (ATR)",
        ["signal_config.l2_imbalance_threshold"] = "Minimum order-book imbalance",
        ["signal_config.vwap_gap_max_atr"] = "Maximum distance from VWAP (ATR)",
        ["signal_config.prelevel_limit_offset_bps"] = "Pre-level limit offset (bps; not used)",
        ["signal_config.enter_on_density_eat_ratio"] = "Density eaten before entry (ratio; not used)",
        ["signal_config.tpm_on_touch_frac"] = "Trades per minute on touch (fraction; not used)",
        ["signal_config.signal_timeout_minutes"] = "Signal timeout (minutes)",
        ["signal_config.max_active_signals"] = "Maximum active signals",
        ["signal_config.retest_max_breakout_age_hours"] = "Retest: maximum breakout age (hours)",
        ["signal_config.retest_min_breakout_age_hours"] = "Retest: minimum breakout age (hours)",

        ["position_config.tp1_r"] = "Take-profit 1 distance (R)",
        ["position_config.tp1_size_pct"] = "Take-profit 1 size (fraction of the position)",
        ["position_config.tp2_r"] = "Take-profit 2 distance (R)",
        ["position_config.tp2_size_pct"] = "Take-profit 2 size (fraction of the position)",
        ["position_config.chandelier_atr_mult"] = "Trailing stop distance (ATR multiple)",
        ["position_config.chandelier_lookback_bars"] = "Trailing stop lookback (bars)",
        ["position_config.breakeven_enabled"] = "Move the stop to breakeven after take-profit 1",
        ["position_config.breakeven_buffer_bps"] = "Breakeven buffer beyond entry (bps)",
        ["position_config.trailing_enabled"] = "Trailing stop after breakeven",
        ["position_config.max_hold_time_hours"] = "Maximum hold time (hours)",
        ["position_config.time_stop_minutes"] = "Time stop (minutes)",
        ["position_config.no_progress_hours"] = "No-progress exit after (hours)",
        ["position_config.no_progress_min_r"] = "No-progress exit below (R)",
        ["position_config.add_on_enabled"] = "Add to open positions",
        ["position_config.add_on_max_size_pct"] = "Add-on size (fraction of the position)",
        ["position_config.panic_exit_on_activity_drop"] = "Panic exit when activity drops",
        ["position_config.activity_drop_threshold"] = "Activity drop threshold (recent / baseline)",

        ["scanner_config.max_candidates"] = "Maximum candidates",
        ["scanner_config.scan_interval_seconds"] = "Scan interval (seconds; not used)",
        ["scanner_config.score_weights.vol_surge"] = "Score weight: volume surge",
        ["scanner_config.score_weights.oi_delta"] = "Score weight: open-interest change",
        ["scanner_config.score_weights.atr_quality"] = "Score weight: ATR quality",
        ["scanner_config.score_weights.correlation"] = "Score weight: correlation",
        ["scanner_config.score_weights.trades_per_minute"] = "Score weight: trades per minute",
        ["scanner_config.score_weights.gainers_momentum"] = "Score weight: gainers momentum",
        ["scanner_config.symbol_whitelist"] = "Only these symbols",
        ["scanner_config.symbol_blacklist"] = "Never these symbols",
        ["scanner_config.top_n_by_volume"] = "Only the top N symbols by 24 h volume",

        ["execution_config.enable_twap"] = "TWAP slicing",
        ["execution_config.enable_iceberg"] = "Iceberg (post-only limit slices)",
        ["execution_config.max_depth_fraction"] = "Maximum share of book depth per slice",
        ["execution_config.twap_min_slices"] = "TWAP minimum slices",
        ["execution_config.twap_max_slices"] = "TWAP maximum slices",
        ["execution_config.twap_interval_seconds"] = "TWAP interval (seconds)",
        ["execution_config.iceberg_min_notional"] = "Iceberg from notional (USD)",
        ["execution_config.limit_offset_bps"] = "Limit price offset (bps)",
        ["execution_config.max_entry_slippage_bps"] = "Maximum entry slippage (bps)",
        ["execution_config.spread_widen_bps"] = "Market orders above spread (bps)",
        ["execution_config.deadman_timeout_ms"] = "Dead-man timeout (ms)",
        ["execution_config.taker_fee_bps"] = "Taker fee (bps)",
        ["execution_config.maker_fee_bps"] = "Maker fee (bps)",

        ["levels_rules.min_touches"] = "Minimum touches",
        ["levels_rules.max_pierce_pct"] = "Maximum pierce (fraction of the level)",
        ["levels_rules.min_level_separation_atr"] = "Minimum level separation (ATR)",
        ["levels_rules.touch_tolerance_atr"] = "Touch tolerance (ATR)",
        ["levels_rules.prefer_round_numbers"] = "Prefer round numbers",
        ["levels_rules.round_step_candidates"] = "Round-number steps",
        ["levels_rules.cascade_min_levels"] = "Cascade: minimum levels",
        ["levels_rules.cascade_radius_bps"] = "Cascade radius (bps)",
        ["levels_rules.approach_slope_max_pct_per_bar"] = "Maximum approach slope (% per bar)",
        ["levels_rules.prebreakout_consolidation_min_bars"] = "Minimum consolidation before a breakout (bars; not used)",
        ["levels_rules.donchian_periods"] = "Donchian channel lengths (bars)",
        ["levels_rules.volume_level_percentile"] = "Volume level percentile",
    };

    /// <summary>
    /// What an empty input means for the fields the model lets be absent: cleared, such a field is saved as null and
    /// switches its rule off rather than failing validation, so the form says so beside it.
    /// </summary>
    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal)
    {
        ["risk.max_position_size_usd"] = "no cap beyond risk sizing",
        ["liquidity_filters.min_oi_usd"] = "no open-interest minimum",
        ["volatility_filters.oi_delta_threshold"] = "filter off",
        ["position_config.time_stop_minutes"] = "no time stop",
        ["scanner_config.symbol_whitelist"] = "every symbol",
        ["scanner_config.symbol_blacklist"] = "none",
        ["scanner_config.top_n_by_volume"] = "no limit",
    };

    /// <summary>What leaving the field at <paramref name="path"/> empty means ("no time stop"), or null when it must be filled in.</summary>
    public static string? WhenEmpty(string path) => Empty.GetValueOrDefault(path);

    /// <summary>Every labelled path.</summary>
    public static IReadOnlyCollection<string> Paths => Labels.Keys;

    /// <summary>Whether <paramref name="path"/> has a label of its own.</summary>
    public static bool Has(string path) => Labels.ContainsKey(path);

    /// <summary>The label of the field at <paramref name="path"/>; an unknown one from its last key ("min_oi_usd" → "Min oi usd").</summary>
    public static string For(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Labels.TryGetValue(path, out var label))
        {
            return label;
        }
        var key = path[(path.LastIndexOf('.') + 1)..].Replace('_', ' ');
        return key.Length == 0 ? path : char.ToUpperInvariant(key[0]) + key[1..];
    }
}
