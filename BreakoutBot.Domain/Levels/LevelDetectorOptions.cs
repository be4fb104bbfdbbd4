using System.Globalization;
using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Levels;

/// <summary>
/// Parameters of <see cref="LevelDetector"/> and <see cref="ApproachQuality"/>. The defaults are the original bot's
/// <c>LevelDetector</c> defaults; presets map their <c>LevelsRules</c> onto this record.
/// </summary>
public sealed record LevelDetectorOptions
{
    /// <summary>Touches a merged level needs to survive validation.</summary>
    public int MinTouches { get; init; } = 3;

    /// <summary>A close counts as piercing a level when it is beyond price·(1 ± this fraction).</summary>
    public double MaxPiercePct { get; init; } = 0.002;

    /// <summary>A level closer than this many ATRs to a stronger level of the same type is dropped.</summary>
    public double MinLevelSeparationAtr { get; init; } = 2.0;

    /// <summary>Touch tolerance and candidate merge distance, in ATRs.</summary>
    public double TouchToleranceAtr { get; init; } = 0.5;

    /// <summary>Donchian channel periods used as candidate generators.</summary>
    public IReadOnlyList<int> DonchianPeriods { get; init; } = [10, 15, 20, 30];

    /// <summary>How many of the most recent bars contribute their Donchian channel values as candidates.</summary>
    public int DonchianLookbackBars { get; init; } = 10;

    /// <summary>Bars on the left of a swing that must be strictly lower (highs) or higher (lows).</summary>
    public int SwingLeft { get; init; } = 2;

    /// <summary>Bars on the right of a swing that must be strictly lower (highs) or higher (lows).</summary>
    public int SwingRight { get; init; } = 2;

    /// <summary>Bars whose volume is at or above this percentile (0..1, linear interpolation) propose their high and low.</summary>
    public double VolumePercentile { get; init; } = 0.85;

    /// <summary>Whether round-number levels receive a strength bonus (the flag is reported either way).</summary>
    public bool PreferRoundNumbers { get; init; } = true;

    /// <summary>Round steps (absolute price units) a level may sit on.</summary>
    public IReadOnlyList<double> RoundSteps { get; init; } = [0.01, 0.05, 0.10, 1, 5, 10];

    /// <summary>A level is round when it lies within this fraction of its price from a step multiple.</summary>
    public double RoundTolerancePct { get; init; } = 0.005;

    /// <summary>
    /// A step only counts for a level when step ≥ price·this fraction. With the 0.5 % tolerance any step below 1 % of
    /// the price would make every price "round"; at 5 % the tolerance band covers at most a fifth of the step grid.
    /// </summary>
    public double RoundMinStepToPrice { get; init; } = 0.05;

    /// <summary>Levels (of either type, the level itself included) needed within the cascade radius to form a cascade.</summary>
    public int CascadeMinLevels { get; init; } = 2;

    /// <summary>Cascade radius in basis points of the level price.</summary>
    public double CascadeRadiusBps { get; init; } = 15;

    /// <summary>Fewer bars than this yields no levels.</summary>
    public int MinCandles { get; init; } = 20;

    /// <summary>Recent bars scanned for the base height.</summary>
    public int BaseLookbackBars { get; init; } = 20;

    /// <summary>A recent low (high) counts for the base when it is below (above) the level by more than this fraction.</summary>
    public double BaseDepthPct { get; init; } = 0.05;

    /// <summary>Largest acceptable absolute approach slope, in percent of price per bar.</summary>
    public double ApproachSlopeMaxPctPerBar { get; init; } = 1.5;

    /// <summary>Bars over which the approach slope is fitted.</summary>
    public int ApproachSlopeBars { get; init; } = 10;

    /// <summary>How many of the last closes must sit near the level.</summary>
    public int ApproachNearCloses { get; init; } = 3;

    /// <summary>Largest distance of those closes from the level, as a fraction of the level price.</summary>
    public double ApproachMaxDistancePct { get; init; } = 0.005;

    /// <summary>Throws a <see cref="DomainException"/> naming the first out-of-range field.</summary>
    public void Validate()
    {
        Require(MinTouches >= 1, nameof(MinTouches), MinTouches, "must be at least 1");
        Require(MaxPiercePct >= 0 && MaxPiercePct < 1, nameof(MaxPiercePct), MaxPiercePct, "must be in [0, 1)");
        Require(MinLevelSeparationAtr >= 0 && double.IsFinite(MinLevelSeparationAtr), nameof(MinLevelSeparationAtr), MinLevelSeparationAtr, "must be a finite value >= 0");
        Require(TouchToleranceAtr > 0 && double.IsFinite(TouchToleranceAtr), nameof(TouchToleranceAtr), TouchToleranceAtr, "must be a finite value > 0");
        if (DonchianPeriods is null)
        {
            throw new DomainException("LevelDetectorOptions.DonchianPeriods must not be null.");
        }
        for (var i = 0; i < DonchianPeriods.Count; i++)
        {
            Require(DonchianPeriods[i] >= 2, nameof(DonchianPeriods), DonchianPeriods[i], "entries must be at least 2");
        }
        Require(DonchianLookbackBars >= 1, nameof(DonchianLookbackBars), DonchianLookbackBars, "must be at least 1");
        Require(SwingLeft >= 1, nameof(SwingLeft), SwingLeft, "must be at least 1");
        Require(SwingRight >= 1, nameof(SwingRight), SwingRight, "must be at least 1");
        Require(VolumePercentile >= 0 && VolumePercentile <= 1, nameof(VolumePercentile), VolumePercentile, "must be in [0, 1]");
        if (RoundSteps is null)
        {
            throw new DomainException("LevelDetectorOptions.RoundSteps must not be null.");
        }
        for (var i = 0; i < RoundSteps.Count; i++)
        {
            Require(RoundSteps[i] > 0 && double.IsFinite(RoundSteps[i]), nameof(RoundSteps), RoundSteps[i], "entries must be finite and > 0");
        }
        Require(RoundTolerancePct >= 0 && RoundTolerancePct < 1, nameof(RoundTolerancePct), RoundTolerancePct, "must be in [0, 1)");
        Require(RoundMinStepToPrice >= 0 && double.IsFinite(RoundMinStepToPrice), nameof(RoundMinStepToPrice), RoundMinStepToPrice, "must be a finite value >= 0");
        Require(CascadeMinLevels >= 2, nameof(CascadeMinLevels), CascadeMinLevels, "must be at least 2");
        Require(CascadeRadiusBps >= 0 && double.IsFinite(CascadeRadiusBps), nameof(CascadeRadiusBps), CascadeRadiusBps, "must be a finite value >= 0");
        Require(MinCandles >= 1, nameof(MinCandles), MinCandles, "must be at least 1");
        Require(BaseLookbackBars >= 1, nameof(BaseLookbackBars), BaseLookbackBars, "must be at least 1");
        Require(BaseDepthPct >= 0 && BaseDepthPct < 1, nameof(BaseDepthPct), BaseDepthPct, "must be in [0, 1)");
        Require(ApproachSlopeMaxPctPerBar >= 0 && double.IsFinite(ApproachSlopeMaxPctPerBar), nameof(ApproachSlopeMaxPctPerBar), ApproachSlopeMaxPctPerBar, "must be a finite value >= 0");
        Require(ApproachSlopeBars >= 2, nameof(ApproachSlopeBars), ApproachSlopeBars, "must be at least 2");
        Require(ApproachNearCloses >= 1, nameof(ApproachNearCloses), ApproachNearCloses, "must be at least 1");
        Require(ApproachMaxDistancePct >= 0 && ApproachMaxDistancePct < 1, nameof(ApproachMaxDistancePct), ApproachMaxDistancePct, "must be in [0, 1)");
    }

    private static void Require(bool condition, string field, double value, string rule)
    {
        if (!condition)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture, $"LevelDetectorOptions.{field} {rule} (got {value})."));
        }
    }
}
