using System.Runtime.CompilerServices;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// What a replay derives from one instrument's candles before it starts: the bars as an array, their open times, and the
/// prefix sums the modelled ticker and book's window statistics are taken from (see
/// <see cref="ReplayMarketDataProvider"/>). Immutable once built, so every replay of the same candle list (the runs of a
/// sweep over one data set, in parallel) shares one copy instead of rebuilding it: candle lists handed to a replay are
/// the data set's and must not be changed afterwards (a list whose length or ends changed is rebuilt).
/// </summary>
internal sealed class ReplaySeriesData
{
    private static readonly ConditionalWeakTable<IReadOnlyList<Candle>, ReplaySeriesData> Shared = new();

    private ReplaySeriesData(string instrumentId, IReadOnlyList<Candle> candles)
    {
        // An array is used as it is (no second copy of a data set's candles in memory): lists handed to a replay are never
        // changed afterwards (see the class remarks), and the replay only reads its bars.
        Bars = candles as Candle[] ?? candles.ToArray();
        var n = Bars.Length;
        OpenTicks = new long[n];
        // Prefix sums (element i: the sum over bars [0, i)); the window statistics are taken from them bar by bar as the
        // replay reaches each bar, so a replay cancelled early or cut to a range pays only for what it reads.
        QuoteVolumePrefix = new decimal[n + 1];
        RangeBpsPrefix = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            var bar = Bars[i];
            OpenTicks[i] = bar.Time.UtcTicks;
            if (i > 0 && OpenTicks[i] <= OpenTicks[i - 1])
            {
                throw new DomainException(
                    $"Replay: candles of {instrumentId} must be strictly increasing in time ({Bars[i - 1].Time:O} is followed by {bar.Time:O}).");
            }
            QuoteVolumePrefix[i + 1] = QuoteVolumePrefix[i] + (bar.Close * bar.Volume);
            RangeBpsPrefix[i + 1] = RangeBpsPrefix[i] + ((double)((bar.High - bar.Low) / bar.Close) * 10_000d);
        }
        Levels = new ReplayLevelMemo(n);
    }

    /// <summary>Levels detected on these bars by earlier replays (at most one entry per bar on average).</summary>
    public ReplayLevelMemo Levels { get; }

    // The modelled quotes by closed-bar count, for the tick size of the first replay that stored one (they depend only
    // on the bars and the tick size), filled as replays reach each bar and read by the later ones.
    private ModelStore? _models;

    /// <summary>The quotes an earlier replay modelled for <paramref name="closed"/> closed bars at this tick size, if any.</summary>
    public bool TryGetModel(decimal tickSize, int closed, out ModelledQuotes quotes)
    {
        var store = Volatile.Read(ref _models);
        if (store is not null && store.TickSize == tickSize && Volatile.Read(ref store.Slots[closed].Ready) != 0)
        {
            quotes = store.Slots[closed];
            return true;
        }
        quotes = default;
        return false;
    }

    /// <summary>Keeps the quotes modelled for <paramref name="closed"/> closed bars, unless a replay stored them already.</summary>
    public void StoreModel(decimal tickSize, int closed, ModelledQuotes quotes)
    {
        var store = Volatile.Read(ref _models);
        if (store is null)
        {
            Interlocked.CompareExchange(ref _models, new ModelStore(tickSize, new ModelledQuotes[Bars.Length + 1]), null);
            store = _models;
        }
        if (store.TickSize != tickSize || Volatile.Read(ref store.Slots[closed].Ready) != 0)
        {
            return;
        }
        quotes.Ready = 0;
        store.Slots[closed] = quotes;
        Volatile.Write(ref store.Slots[closed].Ready, 1);
    }

    private sealed record ModelStore(decimal TickSize, ModelledQuotes[] Slots);

    public Candle[] Bars { get; }

    public long[] OpenTicks { get; }

    /// <summary>Quote volume (close · volume) summed over bars [0, i), by i.</summary>
    public decimal[] QuoteVolumePrefix { get; }

    /// <summary>Bar range (high − low)/close in bps summed over bars [0, i), by i.</summary>
    public double[] RangeBpsPrefix { get; }

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

/// <summary>The modelled ticker and book of one closed-bar count (see <see cref="ReplayMarketDataProvider"/>).</summary>
internal struct ModelledQuotes
{
    public decimal Bid;
    public decimal Ask;
    public decimal Depth03;
    public decimal Depth05;
    public decimal Volume24h;
    public double TradesPerMinute;
    public BookFigures Figures;
    public int Ready;
}
