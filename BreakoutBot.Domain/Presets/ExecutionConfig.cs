namespace BreakoutBot.Domain.Presets;

/// <summary>How entry and exit orders are placed: TWAP slicing, post-only limits, depth guard and fees.</summary>
public sealed record ExecutionConfig
{
    public bool EnableTwap { get; init; } = true;

    /// <summary>Place post-only limit slices while the spread is at most <see cref="SpreadWidenBps"/>.</summary>
    public bool EnableIceberg { get; init; } = true;

    /// <summary>Largest fraction of nearby book depth one slice may take. In (0, 1].</summary>
    public double MaxDepthFraction { get; init; } = 0.25;

    public int TwapMinSlices { get; init; } = 3;

    public int TwapMaxSlices { get; init; } = 12;

    public double TwapIntervalSeconds { get; init; } = 3.0;

    /// <summary>Notional in USD from which iceberg placement is considered.</summary>
    public decimal IcebergMinNotional { get; init; } = 3000;

    /// <summary>Limit price offset from the best price, in bps.</summary>
    public double LimitOffsetBps { get; init; } = 2;

    /// <summary>
    /// The most an entry may fill beyond the signal's entry price, in bps (it is an immediate-or-cancel limit order at
    /// that price; never more than half the planned stop distance, see ADR-006).
    /// </summary>
    public double MaxEntrySlippageBps { get; init; } = 10;

    /// <summary>Spread in bps above which slices go as market orders.</summary>
    public double SpreadWidenBps { get; init; } = 12;

    /// <summary>Abort an unfinished order sequence after this many milliseconds.</summary>
    public int DeadmanTimeoutMs { get; init; } = 10000;

    public double TakerFeeBps { get; init; } = 7.5;

    /// <summary>Maker fee in bps; may be negative for a rebate.</summary>
    public double MakerFeeBps { get; init; } = 2;
}
