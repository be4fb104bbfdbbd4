using System.Text.Json.Serialization;

namespace BreakoutBot.Domain.Presets;

/// <summary>Scanner filters that keep only markets deep and active enough to enter and leave cheaply.</summary>
public sealed record LiquidityFilters
{
    /// <summary>Minimum 24h traded volume in USD.</summary>
    [JsonPropertyName("min_24h_volume_usd")]
    public required decimal Min24hVolumeUsd { get; init; }

    /// <summary>Minimum open interest in USD; null disables the filter. Not applied to spot markets.</summary>
    public decimal? MinOiUsd { get; init; }

    /// <summary>Largest bid/ask spread in basis points.</summary>
    public required double MaxSpreadBps { get; init; }

    /// <summary>Minimum bid+ask notional within 0.5% of the best prices, in USD.</summary>
    [JsonPropertyName("min_depth_usd_0_5pct")]
    public required decimal MinDepthUsd05Pct { get; init; }

    /// <summary>Minimum bid+ask notional within 0.3% of the best prices, in USD.</summary>
    [JsonPropertyName("min_depth_usd_0_3pct")]
    public required decimal MinDepthUsd03Pct { get; init; }

    public required double MinTradesPerMinute { get; init; }
}
