namespace BreakoutBot.Domain.Presets;

/// <summary>Position sizing and portfolio limits. Fractions are of account equity (0.015 = 1.5%).</summary>
public sealed record RiskConfig
{
    /// <summary>Equity fraction lost if a trade hits its initial stop (1R). In (0, 1].</summary>
    public required double RiskPerTrade { get; init; }

    /// <summary>Open positions allowed at once. 1..10.</summary>
    public required int MaxConcurrentPositions { get; init; }

    /// <summary>Loss versus the day's starting equity at which new entries stop. In (0, 1].</summary>
    public required double DailyRiskLimit { get; init; }

    /// <summary>Cap on one position's notional in USD; null means no cap beyond risk sizing.</summary>
    public decimal? MaxPositionSizeUsd { get; init; }

    /// <summary>Loss versus the day's starting equity that trips the kill switch. In (0, 1].</summary>
    public required double KillSwitchLossLimit { get; init; }

    /// <summary>Largest |correlation to BTC| a new position may have. In [0, 1].</summary>
    public required double CorrelationLimit { get; init; }

    /// <summary>Consecutive losing trades that trip the kill switch. 1..20.</summary>
    public int MaxConsecutiveLosses { get; init; } = 5;

    /// <summary>
    /// Ours: drawdown from the day's equity high that trips the kill switch, so profits made earlier in the day are
    /// protected too (the original only measured from the day's start and reset that baseline after a 10% fall).
    /// </summary>
    public double KillSwitchDrawdownFromDayHigh { get; init; } = 0.12;

    /// <summary>Ours: when the kill switch trips, close every open position (the original only paused).</summary>
    public bool FlattenOnKillSwitch { get; init; } = true;

    /// <summary>Ours: largest share of open notional that may sit in positions above <see cref="CorrelationLimit"/>. In (0, 1].</summary>
    public double MaxCorrelatedPositionsFraction { get; init; } = 0.6;

    /// <summary>
    /// Ours: total open notional may not exceed equity × this leverage, so entries are sized to the account's buying
    /// power instead of being rejected by the exchange for margin. In (0, 125].
    /// </summary>
    public double MaxLeverage { get; init; } = 3;
}
