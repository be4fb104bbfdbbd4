namespace BreakoutBot.Domain.Presets;

/// <summary>Rules that turn a level and the latest bars into a momentum or retest entry signal.</summary>
public sealed record SignalConfig
{
    /// <summary>Breakout bar volume over the median of the previous 19 bars must reach this.</summary>
    public required double MomentumVolumeMultiplier { get; init; }

    /// <summary>Minimum |close − open| / (high − low) of the breakout bar. In [0, 1].</summary>
    public required double MomentumBodyRatioMin { get; init; }

    /// <summary>How far beyond the level (as a fraction of it) the close must be to count as a breakout.</summary>
    public required double MomentumEpsilon { get; init; }

    /// <summary>Retest entry offset from the level, as a fraction of it.</summary>
    public required double RetestPierceTolerance { get; init; }

    /// <summary>How far (in ATR) a retest bar may pierce back through the level.</summary>
    public required double RetestMaxPierceAtr { get; init; }

    /// <summary>Minimum |order-book imbalance| when L2 data is present. In [0, 1], since imbalance never exceeds 1.</summary>
    public required double L2ImbalanceThreshold { get; init; }

    /// <summary>Largest distance from VWAP, in ATR.</summary>
    public required double VwapGapMaxAtr { get; init; }

    public double PrelevelLimitOffsetBps { get; init; } = 2;

    public double EnterOnDensityEatRatio { get; init; } = 0.75;

    public double TpmOnTouchFrac { get; init; } = 0.7;

    /// <summary>Ours: minutes an unexecuted signal stays active.</summary>
    public int SignalTimeoutMinutes { get; init; } = 15;

    /// <summary>Ours: most signals held active at once.</summary>
    public int MaxActiveSignals { get; init; } = 50;

    /// <summary>Ours: a retest only counts if the breakout it retests happened at most this many hours ago.</summary>
    public double RetestMaxBreakoutAgeHours { get; init; } = 24;

    /// <summary>Ours: a retest only counts if the breakout it retests happened at least this many hours ago.</summary>
    public double RetestMinBreakoutAgeHours { get; init; } = 1;
}
