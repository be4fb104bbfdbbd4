using System.Text.Json.Serialization;

namespace BreakoutBot.Domain.Presets;

/// <summary>Scanner filters on how much a market moves and whether activity is picking up.</summary>
public sealed record VolatilityFilters
{
    /// <summary>Lowest ATR/price accepted (0.005 = 0.5%).</summary>
    public required double AtrRangeMin { get; init; }

    /// <summary>Highest ATR/price accepted; must be at least <see cref="AtrRangeMin"/>.</summary>
    public required double AtrRangeMax { get; init; }

    /// <summary>Largest Bollinger band width in percent of the middle band (a raw %, despite the name).</summary>
    public required double BbWidthPercentileMax { get; init; }

    /// <summary>Minimum ratio of the last hour's median 5m volume to the hour before.</summary>
    [JsonPropertyName("volume_surge_1h_min")]
    public required double VolumeSurge1hMin { get; init; }

    /// <summary>Minimum ratio of the last 5m volume to the median of the previous 20 bars.</summary>
    [JsonPropertyName("volume_surge_5m_min")]
    public required double VolumeSurge5mMin { get; init; }

    /// <summary>Minimum |24h open-interest change| as a fraction; null disables the filter.</summary>
    public double? OiDeltaThreshold { get; init; }
}
