using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// A preset's liquidity thresholds (decimals in the preset) as the doubles the filters compare the figures with: converted
/// once per preset by a scanner instead of for every instrument on every bar (the same conversions, so the same verdicts).
/// </summary>
internal readonly record struct LiquidityThresholds(double Min24hVolumeUsd, double? MinOiUsd, double MinDepth05Usd, double MinDepth03Usd)
{
    public static LiquidityThresholds Of(LiquidityFilters filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        return new(
            (double)filters.Min24hVolumeUsd,
            filters.MinOiUsd is { } minOi ? (double)minOi : null,
            (double)filters.MinDepthUsd05Pct,
            (double)filters.MinDepthUsd03Pct);
    }
}
