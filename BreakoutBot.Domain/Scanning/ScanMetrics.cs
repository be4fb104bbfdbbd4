namespace BreakoutBot.Domain.Scanning;

/// <summary>The per-instrument figures the filters and the score are computed from (statistics: doubles).</summary>
public sealed record ScanMetrics
{
    public double Price { get; init; }
    public double Atr5m { get; init; }
    public double Atr15m { get; init; }
    public double BbWidthPct { get; init; }
    public double VolumeSurge1h { get; init; }
    public double VolumeSurge5m { get; init; }
    public double Volume24hUsd { get; init; }
    public double? OpenInterestUsd { get; init; }
    public double? OpenInterestChange24h { get; init; }
    public double TradesPerMinute { get; init; }
    public double BtcCorrelation { get; init; }
    public double SpreadBps { get; init; }
    public double Depth03Usd { get; init; }
    public double Depth05Usd { get; init; }
    public double Imbalance { get; init; }
    public int CandleCount { get; init; }
    public double Vwap { get; init; }
    public double GainersMomentum { get; init; }
    /// <summary>True when there is a book for spread and depth, real or modelled (a replay models one from candles).</summary>
    public bool HasOrderBook { get; init; }

    /// <summary>True when the book is a real level-2 book, so its imbalance is a measurement (false in a replay).</summary>
    public bool HasLevel2 { get; init; }

    /// <summary>False when the scan has no benchmark series at all: correlation with BTC is then not available.</summary>
    public bool HasBenchmark { get; init; } = true;

    /// <summary>True when <see cref="BtcCorrelation"/> is a measured value (benchmark present and enough paired bars).</summary>
    public bool BtcCorrelationKnown { get; init; } = true;

    /// <summary>Close time of the newest candle held (null before the first), so a stale-data verdict can say how old it is.</summary>
    public DateTimeOffset? LastCandleClose { get; init; }
}
