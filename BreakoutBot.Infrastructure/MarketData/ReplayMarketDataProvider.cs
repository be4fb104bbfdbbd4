using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Infrastructure.MarketData;

/// <summary>
/// Market data replayed from in-memory candles up to a simulated clock (usually a <see cref="ReplayClock"/>): a
/// candle is visible once its close time (open + 5 minutes) is at or before the clock. Lookups use binary search on
/// pre-computed arrays, so a call costs O(log n + returned candles) however long the history is.
/// </summary>
/// <remarks>
/// Candles carry no level-2 data, trades or open interest, so the ticker, book and trade rate are a deterministic
/// <b>model</b> computed from the closed candles, not real L2. With W = the last 12 closed bars (one hour):
/// <list type="bullet">
/// <item><description>Quote volume of a bar = close · volume; <c>avgQuote</c> = mean over W; 24 h volume = sum over the last 288 bars.</description></item>
/// <item><description><c>rangeBps</c> = mean over W of (high − low)/close · 10⁴ (recent volatility).</description></item>
/// <item><description>Spread (bps) = 1 + 250,000/avgQuote + 0.02 · rangeBps, clamped to [0.5, 50]: tight for liquid
/// instruments, wider when thin or volatile. Bid and ask sit half a spread either side of the last close, rounded
/// outwards to the tick (at least one tick apart).</description></item>
/// <item><description>Depth within 0.5 % per side = 10 % of avgQuote · clamp(30 / rangeBps, 0.25, 1.5) (thinner
/// books when volatile); depth within 0.3 % = 60 % of that.</description></item>
/// <item><description>The book is marked <see cref="OrderBookSummary.IsModelled"/> and both sides are equal (imbalance 0):
/// candles say nothing about resting orders, and an imbalance derived from the signal bar's own body would confirm the
/// signal with itself. The signals' <c>l2_imbalance</c> check is therefore not available in a replay (ADR-008).</description></item>
/// <item><description>Trades per minute = avgQuote / 5 minutes / 500 USD (an assumed average trade size).</description></item>
/// <item><description>Open interest is not in candles: <c>OpenInterestUsd</c> and its 24 h change are null, so the
/// <c>min_oi</c> and <c>oi_delta</c> conditions are not available (ADR-008).</description></item>
/// </list>
/// </remarks>
public sealed partial class ReplayMarketDataProvider : IMarketDataProvider, IMarketUpdateSource, ILevelMemo
{
    private const int StatsWindow = 12;
    private const int BarsPerDay = 288;
    private const double BaseSpreadBps = 1.0;
    private const double LiquiditySpreadUsd = 250_000.0;
    private const double VolatilitySpreadFactor = 0.02;
    private const double MinSpreadBps = 0.5;
    private const double MaxSpreadBps = 50.0;
    private const double Depth05Fraction = 0.10;
    private const double Depth03Share = 0.6;
    private const double ReferenceRangeBps = 30.0;
    private const double AverageTradeUsd = 500.0;

    private readonly IReadOnlyList<Instrument> _instruments;
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public ReplayMarketDataProvider(
        IEnumerable<Instrument> instruments,
        IReadOnlyDictionary<string, IReadOnlyList<Candle>> candles,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _instruments = Array.AsReadOnly(instruments.ToArray());
        foreach (var instrument in _instruments)
        {
            if (_series.ContainsKey(instrument.Id))
            {
                throw new DomainException($"Replay: instrument {instrument.Id} is listed twice.");
            }
            _series.Add(instrument.Id, new Series(this, instrument, candles.GetValueOrDefault(instrument.Id) ?? []));
        }
        foreach (var id in candles.Keys)
        {
            if (!_series.ContainsKey(id))
            {
                throw new DomainException($"Replay: candles were given for {id}, which is not in the instrument list.");
            }
        }
        // Built once per set of candle lists (a sweep's runs and a backtest run again share it).
        var members = _series.Values.Select(s => s.Data).ToArray();
        Timeline = ReplaySeriesData.TimelineOf(members, BuildTimeline);
    }

    /// <summary>
    /// Every distinct bar close time across all instruments, ascending: the steps at which a replay driver sets the
    /// clock so that exactly one more bar per instrument becomes visible.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> Timeline { get; }

    public ValueTask<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_instruments);

    public ValueTask<MarketSnapshot?> GetSnapshotAsync(
        string instrumentId,
        DateTimeOffset? candlesAfter,
        int maxCandles,
        CancellationToken cancellationToken = default)
    {
        if (instrumentId is null || !_series.TryGetValue(instrumentId, out var series))
        {
            return ValueTask.FromResult<MarketSnapshot?>(null);
        }
        return ValueTask.FromResult<MarketSnapshot?>(series.Snapshot(_clock.GetUtcNow(), candlesAfter, maxCandles));
    }

    /// <summary>
    /// The modelled book of the instrument's last bar closed by the replay's clock (what a snapshot would carry), without a
    /// snapshot: a paper account prices its fills with it. Null for an unknown instrument or before its first bar.
    /// </summary>
    public OrderBookSummary? BookAt(string instrumentId) =>
        instrumentId is not null && _series.TryGetValue(instrumentId, out var series) ? series.BookAt(_clock.GetUtcNow()) : null;

    public bool TryUpdate(string instrumentId, InstrumentMarket market, int maxCandles, Func<long, double>? benchmarkCloseAt)
    {
        ArgumentNullException.ThrowIfNull(market);
        // The series found for this market before, when it is this provider's and the same instrument's (every bar after
        // the first); otherwise looked up by id and kept on the market.
        if (market.SourceState is not Series series || !ReferenceEquals(series.Provider, this) || !string.Equals(series.InstrumentId, instrumentId, StringComparison.Ordinal))
        {
            if (instrumentId is null || !_series.TryGetValue(instrumentId, out var found))
            {
                return false;
            }
            series = found;
            market.SourceState = found;
        }
        series.Update(_clock.GetUtcNow(), market, maxCandles, benchmarkCloseAt);
        return true;
    }

    public double CloseAt(string instrumentId, long openTicks)
    {
        var closeTime = new DateTimeOffset(openTicks, TimeSpan.Zero) + Candle.Interval;
        // Only a bar that has closed by the replay's clock (nothing the engine could not have had).
        return instrumentId is not null && closeTime <= _clock.GetUtcNow() && TryGetCandleClosingAt(instrumentId, closeTime, out var bar)
            ? (double)bar.Close
            : double.NaN;
    }

    public bool TryGetLevels(string instrumentId, in LevelInputs inputs, [NotNullWhen(true)] out IReadOnlyList<TradingLevel>? levels)
    {
        levels = null;
        return instrumentId is not null && _series.TryGetValue(instrumentId, out var series) && series.Levels.TryGet(inputs, out levels);
    }

    public void StoreLevels(string instrumentId, in LevelInputs inputs, IReadOnlyList<TradingLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (instrumentId is not null && _series.TryGetValue(instrumentId, out var series))
        {
            series.Levels.Store(inputs, levels);
        }
    }

    /// <summary>All candles of an instrument (visible or not), oldest first; empty for an unknown instrument.</summary>
    public IReadOnlyList<Candle> GetAllCandles(string instrumentId) =>
        _series.TryGetValue(instrumentId, out var series) ? Array.AsReadOnly(series.Bars) : [];

    /// <summary>The instrument's bar that closes exactly at <paramref name="closeTime"/>, if it has one (for feeding a paper exchange).</summary>
    public bool TryGetCandleClosingAt(string instrumentId, DateTimeOffset closeTime, out Candle candle)
    {
        candle = default;
        if (!_series.TryGetValue(instrumentId, out var series))
        {
            return false;
        }
        var index = Array.BinarySearch(series.OpenTicks, closeTime.UtcTicks - Candle.Interval.Ticks);
        if (index < 0)
        {
            return false;
        }
        candle = series.Bars[index];
        return true;
    }

    /// <summary>
    /// A cursor over one instrument's bars for a driver that steps the clock forward: finding the bar closing at each step
    /// costs O(1) instead of a lookup and a binary search (a step back in time is found by binary search).
    /// </summary>
    public ReplayBarCursor CursorFor(string instrumentId) =>
        _series.TryGetValue(instrumentId, out var series) ? new ReplayBarCursor(series.Bars, series.OpenTicks) : new ReplayBarCursor([], []);

    private static ReadOnlyCollection<DateTimeOffset> BuildTimeline(ReplaySeriesData[] all)
    {
        // A merge of the per-instrument open times (each strictly increasing), without sorting them all together.
        var series = all.Select(s => s.OpenTicks).Where(t => t.Length > 0).ToArray();
        var next = new int[series.Length];
        var times = new List<DateTimeOffset>(series.Length == 0 ? 0 : series.Max(t => t.Length));
        var intervalTicks = Candle.Interval.Ticks;
        while (true)
        {
            var min = long.MaxValue;
            for (var s = 0; s < series.Length; s++)
            {
                if (next[s] < series[s].Length && series[s][next[s]] < min)
                {
                    min = series[s][next[s]];
                }
            }
            if (min == long.MaxValue)
            {
                break;
            }
            times.Add(new DateTimeOffset(min + intervalTicks, TimeSpan.Zero));
            for (var s = 0; s < series.Length; s++)
            {
                if (next[s] < series[s].Length && series[s][next[s]] == min)
                {
                    next[s]++;
                }
            }
        }
        return times.AsReadOnly();
    }

    /// <summary>
    /// <see cref="UpperBound(long[], long)"/>, looking near <paramref name="hint"/> first: a replay moves one bar at a time,
    /// and a market the engine did not scan for a while (its slots full, or in the middle of an entry) catches up a few
    /// bars at once, so the answer is usually the hint, the index after it, or a few indexes either side. Up to
    /// sixteen indexes are stepped through before searching the whole array.
    /// </summary>
    private static int UpperBound(long[] sorted, long value, int hint)
    {
        const int NearHint = 16;
        var i = Math.Clamp(hint, 0, sorted.Length);
        for (var step = 0; step < NearHint; step++)
        {
            if (i > 0 && sorted[i - 1] > value)
            {
                i--;
            }
            else if (i < sorted.Length && sorted[i] <= value)
            {
                i++;
            }
            else
            {
                return i;
            }
        }
        return UpperBound(sorted, value);
    }

    /// <summary>
    /// True when a replay of the same candle lists (this one or an earlier one) has already modelled
    /// <paramref name="instrumentId"/>'s quotes for the bars closed at <paramref name="time"/>: a scan there was done.
    /// </summary>
    internal bool IsModelledAt(string instrumentId, DateTimeOffset time) =>
        _series.TryGetValue(instrumentId, out var series) && series.IsModelledAt(time);

    /// <summary>Index of the first element greater than <paramref name="value"/> (the count of elements ≤ value).</summary>
    private static int UpperBound(long[] sorted, long value)
    {
        var index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index + 1 : ~index;
    }
}
