namespace BreakoutBot.Domain.Scanning;

/// <summary>The per-instrument figures the filters and the score are computed from (statistics: doubles).</summary>
/// <remarks>
/// The figures are held in one struct (<see cref="Figures"/>) so a scan that publishes its results on demand (ADR-010,
/// "Thirteenth round") can measure into the same object bar after bar; an object handed out is never changed.
/// </remarks>
public sealed record ScanMetrics
{
    private Figures _figures = Figures.Defaults;

    public ScanMetrics()
    {
    }

    internal ScanMetrics(in Figures figures)
    {
        _figures = figures;
    }

    public double Price { get => _figures.Price; init => _figures.Price = value; }

    public double Atr5m { get => _figures.Atr5m; init => _figures.Atr5m = value; }

    public double Atr15m { get => _figures.Atr15m; init => _figures.Atr15m = value; }

    public double BbWidthPct { get => _figures.BbWidthPct; init => _figures.BbWidthPct = value; }

    public double VolumeSurge1h { get => _figures.VolumeSurge1h; init => _figures.VolumeSurge1h = value; }

    public double VolumeSurge5m { get => _figures.VolumeSurge5m; init => _figures.VolumeSurge5m = value; }

    public double Volume24hUsd { get => _figures.Volume24hUsd; init => _figures.Volume24hUsd = value; }

    public double? OpenInterestUsd { get => _figures.OpenInterestUsd; init => _figures.OpenInterestUsd = value; }

    public double? OpenInterestChange24h { get => _figures.OpenInterestChange24h; init => _figures.OpenInterestChange24h = value; }

    public double TradesPerMinute { get => _figures.TradesPerMinute; init => _figures.TradesPerMinute = value; }

    public double BtcCorrelation { get => _figures.BtcCorrelation; init => _figures.BtcCorrelation = value; }

    public double SpreadBps { get => _figures.SpreadBps; init => _figures.SpreadBps = value; }

    public double Depth03Usd { get => _figures.Depth03Usd; init => _figures.Depth03Usd = value; }

    public double Depth05Usd { get => _figures.Depth05Usd; init => _figures.Depth05Usd = value; }

    public double Imbalance { get => _figures.Imbalance; init => _figures.Imbalance = value; }

    public int CandleCount { get => _figures.CandleCount; init => _figures.CandleCount = value; }

    public double Vwap { get => _figures.Vwap; init => _figures.Vwap = value; }

    public double GainersMomentum { get => _figures.GainersMomentum; init => _figures.GainersMomentum = value; }

    /// <summary>True when there is a book for spread and depth, real or modelled (a replay models one from candles).</summary>
    public bool HasOrderBook { get => _figures.HasOrderBook; init => _figures.HasOrderBook = value; }

    /// <summary>True when the book is a real level-2 book, so its imbalance is a measurement (false in a replay).</summary>
    public bool HasLevel2 { get => _figures.HasLevel2; init => _figures.HasLevel2 = value; }

    /// <summary>False when the scan has no benchmark series at all: correlation with BTC is then not available.</summary>
    public bool HasBenchmark { get => _figures.HasBenchmark; init => _figures.HasBenchmark = value; }

    /// <summary>True when <see cref="BtcCorrelation"/> is a measured value (benchmark present and enough paired bars).</summary>
    public bool BtcCorrelationKnown { get => _figures.BtcCorrelationKnown; init => _figures.BtcCorrelationKnown = value; }

    /// <summary>Close time of the newest candle held (null before the first), so a stale-data verdict can say how old it is.</summary>
    public DateTimeOffset? LastCandleClose { get => _figures.LastCandleClose; init => _figures.LastCandleClose = value; }

    /// <summary>The figures to measure again into (only for an object a scan has not handed out).</summary>
    internal ref Figures Values => ref _figures;

    /// <summary>The figures as values.</summary>
    internal record struct Figures
    {
        public static readonly Figures Defaults = new() { HasBenchmark = true, BtcCorrelationKnown = true };

        public double Price;
        public double Atr5m;
        public double Atr15m;
        public double BbWidthPct;
        public double VolumeSurge1h;
        public double VolumeSurge5m;
        public double Volume24hUsd;
        public double? OpenInterestUsd;
        public double? OpenInterestChange24h;
        public double TradesPerMinute;
        public double BtcCorrelation;
        public double SpreadBps;
        public double Depth03Usd;
        public double Depth05Usd;
        public double Imbalance;
        public int CandleCount;
        public double Vwap;
        public double GainersMomentum;
        public bool HasOrderBook;
        public bool HasLevel2;
        public bool HasBenchmark;
        public bool BtcCorrelationKnown;
        public DateTimeOffset? LastCandleClose;
    }
}
