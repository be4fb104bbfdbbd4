using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Levels;

/// <summary>
/// Builds support and resistance levels from a window of bars (the original bot's <c>LevelDetector</c>, §4 of the
/// reference, without its defects).
/// <list type="number">
/// <item>Candidates: Donchian upper/lower values of every period for each of the last
/// <see cref="LevelDetectorOptions.DonchianLookbackBars"/> bars (only where the period fits in the window), strict
/// fractal swing highs/lows, and the high/low of every bar whose volume is at or above the volume percentile.</item>
/// <item>Merge per type: candidates sorted by price are grouped while they stay within the touch tolerance
/// (<see cref="LevelDetectorOptions.TouchToleranceAtr"/>·ATR) of the group's lowest member, so a group never spans more
/// than the tolerance; the level price is the mean of the members (duplicates included), summed in the order they were
/// proposed (the candidates are grouped without being sorted).</item>
/// <item>Validation: every bar whose high (resistance) or low (support) lies within the tolerance is one touch; levels
/// with fewer than <see cref="LevelDetectorOptions.MinTouches"/> are rejected.</item>
/// <item>Strength = 0.4·min(1, touches/5) + 0.2·min(1, span hours/168) + 0.2·min(1, mean touch-bar volume / mean
/// volume) + 0.2·(1 − pierce penalty), where the pierce penalty is min(1, 5·fraction of closes beyond
/// price·(1 ± <see cref="LevelDetectorOptions.MaxPiercePct"/>)).</item>
/// <item>Separation: by base strength descending (ties: more touches, then lower price), a level closer than
/// <see cref="LevelDetectorOptions.MinLevelSeparationAtr"/>·ATR to an already kept level of the same type is dropped.</item>
/// <item>Bonuses on the kept levels, as the original's <c>enhance_level_scoring</c> applies them to detected levels: a
/// round-number bonus min(0.3, 0.1 + 0.05·log10(step + 1)) for the largest eligible step (see
/// <see cref="LevelDetectorOptions.RoundMinStepToPrice"/>) when <see cref="LevelDetectorOptions.PreferRoundNumbers"/>,
/// and a cascade bonus min(0.2, 0.05·n) when n ≥ <see cref="LevelDetectorOptions.CascadeMinLevels"/> kept levels of
/// either type (this one included) lie within the cascade radius. Strength is capped at 1.</item>
/// <item>Output: by final strength descending, same tie-breaks.</item>
/// </list>
/// The instance keeps scratch buffers between calls, so it is not thread-safe: use one detector per thread.
/// </summary>
public sealed partial class LevelDetector
{
    private const double TouchesForFullScore = 5.0;
    private const double SpanHoursForFullScore = 168.0;
    private const double TouchWeight = 0.4;
    private const double SpanWeight = 0.2;
    private const double VolumeWeight = 0.2;
    private const double PierceWeight = 0.2;
    private const double PiercePenaltyFactor = 5.0;
    private const double RoundBonusBase = 0.1;
    private const double RoundBonusLogFactor = 0.05;
    private const double RoundBonusMax = 0.3;
    private const double CascadeBonusPerLevel = 0.05;
    private const double CascadeBonusMax = 0.2;

    private LevelDetectorOptions? _validated;
    private double[] _resistancePrices = new double[128];
    private Candidate[] _resistanceMembers = new Candidate[128];
    private double[] _supportPrices = new double[128];
    private Candidate[] _supportMembers = new Candidate[128];
    private double[] _volumeScratch = new double[256];
    // A period's channel values over the Donchian look-back (uppers, then lowers); longer look-backs take the sliding loop.
    private readonly double[] _channel = new double[64];
    private Cluster[] _clusters = new Cluster[64];
    private double[] _anchors = new double[64 + 4];
    private int[] _weights = new int[64];
    private LevelWork[] _levels = new LevelWork[32];
    private int[] _order = new int[32];
    private int _resistanceCount;
    private int _supportCount;
    private int _levelCount;

    /// <summary>
    /// Detects levels in <paramref name="window"/>. When <paramref name="atr"/> is not a positive finite number the
    /// mean bar range (high − low) of the window is used instead (the original fell back to a fixed 0.01, which is
    /// meaningless across price scales). Returns an empty list with fewer than
    /// <see cref="LevelDetectorOptions.MinCandles"/> bars or when every bar has zero range.
    /// </summary>
    public IReadOnlyList<TradingLevel> Detect(CandleWindow window, double atr, LevelDetectorOptions options)
    {
        if (options is null)
        {
            throw new DomainException("LevelDetector: options must not be null.");
        }
        if (!ReferenceEquals(options, _validated))
        {
            // Options are immutable: checked once, not on every bar.
            options.Validate();
            _validated = options;
        }

        var n = window.Count;
        if (n < options.MinCandles)
        {
            return [];
        }

        var high = window.High;
        var low = window.Low;
        if (!(atr > 0) || !double.IsFinite(atr))
        {
            atr = MeanRange(high, low);
            if (!(atr > 0))
            {
                return [];
            }
        }

        var tolerance = options.TouchToleranceAtr * atr;
        EnsureCandidateCapacity(options.DonchianPeriods.Count * options.DonchianLookbackBars + 2 * n);
        _resistanceCount = 0;
        _supportCount = 0;
        _levelCount = 0;

        AddDonchianCandidates(high, low, options);
        AddSwingCandidates(high, low, options);
        AddVolumeCandidates(window, options);

        var meanVolume = Mean(window.Volume);
        MergeAndValidate(window, LevelType.Resistance, _resistancePrices, _resistanceMembers, _resistanceCount, tolerance, meanVolume, options);
        MergeAndValidate(window, LevelType.Support, _supportPrices, _supportMembers, _supportCount, tolerance, meanVolume, options);
        if (_levelCount == 0)
        {
            return [];
        }

        for (var i = 0; i < _levelCount; i++)
        {
            _order[i] = i;
        }
        SortByStrength(_levelCount);
        var kept = Separate(options.MinLevelSeparationAtr * atr);
        ApplyBonuses(kept, options);
        SortByStrength(kept);
        return BuildResult(window, kept, options);
    }

    private static double MeanRange(ReadOnlySpan<double> high, ReadOnlySpan<double> low)
    {
        var sum = 0.0;
        for (var i = 0; i < high.Length; i++)
        {
            sum += high[i] - low[i];
        }
        return sum / high.Length;
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i];
        }
        return sum / values.Length;
    }

    private record struct Candidate(LevelSource Source, int Weight);

    private struct Cluster
    {
        public double Price;
        public LevelSource Sources;
        public int Touches;
        public int FirstBar;
        public int LastBar;
        public double TouchVolume;
        public int Pierced;
    }

    private struct LevelWork
    {
        public double Price;
        public LevelType Type;
        public int Touches;
        public int FirstBar;
        public int LastBar;
        public double Strength;
        public bool IsRoundNumber;
        public bool InCascade;
        public LevelSource Sources;
    }
}
