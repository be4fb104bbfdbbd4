namespace BreakoutBot.Domain.Levels;

/// <summary>
/// A validated support or resistance level produced by <see cref="LevelDetector"/>. Prices are statistics
/// (<c>double</c>); convert to <c>decimal</c> only when an order price is derived from a level.
/// </summary>
public readonly record struct TradingLevel
{
    /// <summary>The level price: the mean of the merged candidate prices.</summary>
    public required double Price { get; init; }

    public required LevelType Type { get; init; }

    /// <summary>Bars whose high (resistance) or low (support) lies within the touch tolerance of <see cref="Price"/>.</summary>
    public required int TouchCount { get; init; }

    /// <summary>Score in [0, 1]: base strength plus the round-number and cascade bonuses, capped at 1.</summary>
    public required double Strength { get; init; }

    /// <summary>Open time (UTC) of the first touching bar.</summary>
    public required DateTimeOffset FirstTouch { get; init; }

    /// <summary>Open time (UTC) of the last touching bar.</summary>
    public required DateTimeOffset LastTouch { get; init; }

    /// <summary>
    /// Depth of the base under a resistance (price minus the highest deep low) or above a support (the lowest far high
    /// minus price) over the recent bars; null when no recent bar went that far.
    /// </summary>
    public double? BaseHeight { get; init; }

    /// <summary>True when the price sits near a multiple of a round step that is coarse relative to the price.</summary>
    public bool IsRoundNumber { get; init; }

    /// <summary>True when enough of the returned levels (of either type, this one included) lie within the cascade radius.</summary>
    public bool InCascade { get; init; }

    /// <summary>Which candidate generators proposed this level.</summary>
    public LevelSource Sources { get; init; }
}
