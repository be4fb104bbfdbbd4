using System.Runtime.CompilerServices;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// What a replay derives from one instrument's candles before it starts: the bars as an array, their open times, and per
/// closed-bar count the window statistics the modelled ticker and book are made from (see
/// <see cref="ReplayMarketDataProvider"/>). Immutable once built, so every replay of the same candle list (the runs of a
/// sweep over one data set, in parallel) shares one copy instead of rebuilding it: candle lists handed to a replay are
/// the data set's and must not be changed afterwards (a list whose length or ends changed is rebuilt).
/// </summary>
internal sealed class ReplaySeriesData
{
    public const int StatsWindow = 12;
    public const int BarsPerDay = 288;

    private static readonly ConditionalWeakTable<IReadOnlyList<Candle>, ReplaySeriesData> Shared = new();

    private ReplaySeriesData(string instrumentId, IReadOnlyList<Candle> candles)
    {
        Bars = candles.ToArray();
        var n = Bars.Length;
        OpenTicks = new long[n];
        // Prefix sums (element i: the sum over bars [0, i)), then the statistics for every closed-bar count 1..n.
        var quotePrefix = new decimal[n + 1];
        var rangePrefix = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            var bar = Bars[i];
            OpenTicks[i] = bar.Time.UtcTicks;
            if (i > 0 && OpenTicks[i] <= OpenTicks[i - 1])
            {
                throw new DomainException(
                    $"Replay: candles of {instrumentId} must be strictly increasing in time ({Bars[i - 1].Time:O} is followed by {bar.Time:O}).");
            }
            quotePrefix[i + 1] = quotePrefix[i] + (bar.Close * bar.Volume);
            rangePrefix[i + 1] = rangePrefix[i] + ((double)((bar.High - bar.Low) / bar.Close) * 10_000d);
        }
        AverageQuote = new double[n + 1];
        RangeBps = new double[n + 1];
        Volume24h = new decimal[n + 1];
        for (var closed = 1; closed <= n; closed++)
        {
            var window = Math.Min(StatsWindow, closed);
            AverageQuote[closed] = (double)((quotePrefix[closed] - quotePrefix[closed - window]) / window);
            RangeBps[closed] = (rangePrefix[closed] - rangePrefix[closed - window]) / window;
            Volume24h[closed] = quotePrefix[closed] - quotePrefix[Math.Max(0, closed - BarsPerDay)];
        }
    }

    public Candle[] Bars { get; }

    public long[] OpenTicks { get; }

    /// <summary>Mean quote volume (close · volume) of the last 12 of the first <c>closed</c> bars, by closed-bar count.</summary>
    public double[] AverageQuote { get; }

    /// <summary>Mean (high − low)/close in bps of the last 12 of the first <c>closed</c> bars, by closed-bar count.</summary>
    public double[] RangeBps { get; }

    /// <summary>Quote volume of the last 288 of the first <c>closed</c> bars, by closed-bar count.</summary>
    public decimal[] Volume24h { get; }

    /// <summary>The data of <paramref name="candles"/>: shared with earlier replays of the same list, built on first use.</summary>
    public static ReplaySeriesData For(string instrumentId, IReadOnlyList<Candle> candles)
    {
        if (candles.Count == 0)
        {
            return new ReplaySeriesData(instrumentId, candles);
        }
        if (Shared.TryGetValue(candles, out var data) && data.Matches(candles))
        {
            return data;
        }
        data = new ReplaySeriesData(instrumentId, candles);
        Shared.AddOrUpdate(candles, data);
        return data;
    }

    private bool Matches(IReadOnlyList<Candle> candles) =>
        candles.Count == Bars.Length && candles[0] == Bars[0] && candles[^1] == Bars[^1];
}
