namespace BreakoutBot.Domain.Presets;

/// <summary>
/// Support/resistance level detection. Defaults are the original detector's live values; note that
/// <see cref="MinTouches"/> defaults to 3 (what the original scanner really used) rather than its schema's 2.
/// </summary>
public sealed record LevelsRules
{
    /// <summary>Touches a level needs to be accepted.</summary>
    public int MinTouches { get; init; } = 3;

    /// <summary>Close beyond the level, as a fraction of it, that counts as a pierce.</summary>
    public double MaxPiercePct { get; init; } = 0.002;

    /// <summary>Weaker levels of the same type within this many ATR of a stronger one are dropped.</summary>
    public double MinLevelSeparationAtr { get; init; } = 2.0;

    /// <summary>A bar touches a level when its high (or low) is within this many ATR of it.</summary>
    public double TouchToleranceAtr { get; init; } = 0.5;

    public bool PreferRoundNumbers { get; init; } = true;

    public IReadOnlyList<double> RoundStepCandidates { get; init; } = [0.01, 0.05, 0.10, 1, 5, 10];

    public int CascadeMinLevels { get; init; } = 2;

    public double CascadeRadiusBps { get; init; } = 15;

    public double ApproachSlopeMaxPctPerBar { get; init; } = 1.5;

    public int PrebreakoutConsolidationMinBars { get; init; } = 3;

    /// <summary>Donchian channel lengths whose bounds become level candidates.</summary>
    public IReadOnlyList<int> DonchianPeriods { get; init; } = [10, 15, 20, 30];

    /// <summary>Bars with volume at or above this percentile give volume-level candidates. In (0, 1].</summary>
    public double VolumeLevelPercentile { get; init; } = 0.85;
}
