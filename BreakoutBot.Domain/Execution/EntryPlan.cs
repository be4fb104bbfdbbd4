namespace BreakoutBot.Domain.Execution;

/// <summary>How an approved entry reaches the market (ADR-011).</summary>
public enum EntryStyle
{
    /// <summary>One immediate-or-cancel limit at the price guard for the whole quantity (the default).</summary>
    Single = 0,

    /// <summary>Slices, each an immediate-or-cancel limit at the price guard, one per TWAP interval (one per bar in a replay at most).</summary>
    Twap = 1,

    /// <summary>
    /// Clips, one at a time, each a post-only limit at the best price moved away from the market by
    /// <c>limit_offset_bps</c>; a clip not filled within <c>deadman_timeout_ms</c> is cancelled and what it did not fill
    /// goes as an immediate-or-cancel limit at the price guard.
    /// </summary>
    Iceberg = 2,
}

/// <summary>
/// The execution of one approved entry: its style, how many slices (clips) at most, the largest slice the depth guard
/// allows, the pause between slices and how long a post-only clip may rest. The slices together never exceed the
/// approved quantity; what they have not filled when the schedule ends is not taken.
/// </summary>
public sealed record EntryPlan(EntryStyle Style, int Slices, decimal MaxSliceQuantity, TimeSpan Interval, TimeSpan DeadmanTimeout, string Reason)
{
    public bool IsSingle => Style == EntryStyle.Single;
}
