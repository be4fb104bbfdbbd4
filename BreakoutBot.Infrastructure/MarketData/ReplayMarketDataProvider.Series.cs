using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Infrastructure.MarketData;

public sealed partial class ReplayMarketDataProvider
{
    /// <summary>One instrument's replayed bars and the ticker and book modelled from them (the model is in the class remarks).</summary>
    private sealed class Series
    {
        private readonly Instrument _instrument;
        // Bars, open times and prefix sums, shared by every replay of the same candle list.
        private readonly ReplaySeriesData _data;
        // The ticker and book modelled for the last closed-bar count (the model depends only on the closed bars), and the
        // snapshot without new candles made from them when first asked for (a refresh within the bar).
        private readonly Lock _modelGate = new();
        private int _modelledClosed = -1;
        private TickerQuote _quote;
        private Ticker? _ticker;
        private OrderBookSummary _book;
        private BookFigures _figures;
        private double _tradesPerMinute;
        private MarketSnapshot? _upToDate;
        private int _closedHint;

        public Series(ReplayMarketDataProvider provider, Instrument instrument, IReadOnlyList<Candle> candles)
        {
            Provider = provider;
            _instrument = instrument;
            _data = ReplaySeriesData.For(instrument.Id, candles);
            Bars = _data.Bars;
            OpenTicks = _data.OpenTicks;
        }

        public ReplayMarketDataProvider Provider { get; }

        public string InstrumentId => _instrument.Id;

        public Candle[] Bars { get; }

        public long[] OpenTicks { get; }

        public ReplayLevelMemo Levels => _data.Levels;

        /// <summary>What is derived from the candles, shared by every replay of the same list.</summary>
        public ReplaySeriesData Data => _data;

        public MarketSnapshot Snapshot(DateTimeOffset now, DateTimeOffset? candlesAfter, int maxCandles)
        {
            var (first, closed) = Range(now, candlesAfter, maxCandles);
            if (closed == 0)
            {
                return new MarketSnapshot(_instrument, [], null, null, null, null, null);
            }
            Ticker ticker;
            OrderBookSummary book;
            double tradesPerMinute;
            // Engines sharing this provider on other threads see a consistent model (an uncontended lock, no allocation).
            lock (_modelGate)
            {
                if (_modelledClosed != closed)
                {
                    Model(closed);
                }
                if (first >= closed)
                {
                    // Nothing new since the caller's last bar (a refresh within the same bar): the same snapshot again.
                    return _upToDate ??= new MarketSnapshot(_instrument, [], TickerLocked(), _book, null, null, _tradesPerMinute);
                }
                (ticker, book, tradesPerMinute) = (TickerLocked(), _book, _tradesPerMinute);
            }
            // A view over the stored bars, not a copy: snapshots are taken for every instrument on every bar.
            return new MarketSnapshot(_instrument, new ArraySegment<Candle>(Bars, first, closed - first), ticker, book, null, null, tradesPerMinute);
        }

        /// <summary>The book <see cref="Snapshot"/> would carry for <paramref name="now"/>, without making the snapshot.</summary>
        public OrderBookSummary? BookAt(DateTimeOffset now)
        {
            var closed = UpperBound(OpenTicks, now.UtcTicks - Candle.Interval.Ticks, _closedHint);
            if (closed == 0)
            {
                return null;
            }
            lock (_modelGate)
            {
                if (_modelledClosed != closed)
                {
                    Model(closed);
                }
                return _book;
            }
        }

        /// <summary>True when a replay of these candle lists has modelled the quotes of the bars closed at <paramref name="now"/>.</summary>
        public bool IsModelledAt(DateTimeOffset now)
        {
            var closed = UpperBound(OpenTicks, now.UtcTicks - Candle.Interval.Ticks);
            return closed > 0 && _data.WasModelled(closed);
        }

        /// <summary>What applying <see cref="Snapshot"/> for the market's last bar does, without the snapshot.</summary>
        public void Update(DateTimeOffset now, InstrumentMarket market, int maxCandles, Func<long, double>? benchmarkCloseAt)
        {
            var (first, closed) = Range(now, market.LastCandleTime, maxCandles);
            if (closed == 0)
            {
                market.ApplyBars([], null, null, null, benchmarkCloseAt);
                return;
            }
            // The bars first (the indicators do not read the quotes), then this bar's model handed over from the fields by
            // reference while the lock is held: each large struct is copied once, into the market.
            market.AddBars(Bars.AsSpan(first, Math.Max(0, closed - first)), benchmarkCloseAt);
            lock (_modelGate)
            {
                if (_modelledClosed != closed)
                {
                    Model(closed);
                }
                else if (first >= closed && market.Quote == _quote)
                {
                    // No new bar, and the market holds this bar's quotes already: applying them again would change nothing
                    // (runs of a group refresh markets another run brought up).
                    return;
                }
                market.ApplySourceQuotes(_quote, _book, _tradesPerMinute, _figures);
            }
        }

        // The ticker of the modelled bar, made once when a snapshot first needs the object (a replay's markets take the quote).
        private Ticker TickerLocked() => _ticker ??= _quote.ToTicker(_instrument.Id);

        /// <summary>The bars to hand over, [first, closed): those after <paramref name="candlesAfter"/>, at most the newest <paramref name="maxCandles"/>.</summary>
        private (int First, int Closed) Range(DateTimeOffset now, DateTimeOffset? candlesAfter, int maxCandles)
        {
            // A replay asks for the next bar of the last answer: try there before searching (a stale hint only costs the search).
            var closed = UpperBound(OpenTicks, now.UtcTicks - Candle.Interval.Ticks, _closedHint);
            _closedHint = closed;
            var first = candlesAfter is { } after ? UpperBound(OpenTicks, after.UtcTicks, closed - 1) : 0;
            if (maxCandles < closed - first)
            {
                first = closed - Math.Max(maxCandles, 0);
            }
            return (first, closed);
        }

        /// <summary>
        /// Computes the modelled ticker and book once per closed bar (the remarks of the class give the model). They are not
        /// kept for later replays of the same candles: computing them (mostly in doubles, about a tenth of a microsecond) costs
        /// less than storing and reading back a hundred bytes per bar; only that the bar was modelled is recorded.
        /// </summary>
        private void Model(int closed)
        {
            var tick = _instrument.TickSize;
            ref readonly var last = ref Bars[closed - 1];
            var quote = _data.QuoteVolumePrefix;
            var range = _data.RangeBpsPrefix;
            var window = Math.Min(StatsWindow, closed);
            var averageQuote = (double)(quote[closed] - quote[closed - window]) / window;
            var rangeBps = (range[closed] - range[closed - window]) / window;
            var volume24h = quote[closed] - quote[Math.Max(0, closed - BarsPerDay)];

            var spreadBps = Math.Clamp(
                BaseSpreadBps + (LiquiditySpreadUsd / Math.Max(averageQuote, 1d)) + (VolatilitySpreadFactor * rangeBps),
                MinSpreadBps,
                MaxSpreadBps);
            var halfSpread = spreadBps / 20_000d;
            var bid = Math.Max(_instrument.OffsetPrice(last.Close, -halfSpread), tick);
            var ask = _instrument.OffsetPrice(last.Close, halfSpread);
            if (ask <= bid)
            {
                ask = bid + tick;
            }

            var depthPerSide05 = Depth05Fraction * averageQuote * Math.Clamp(ReferenceRangeBps / Math.Max(rangeBps, 1d), 0.25, 1.5);
            var depth03 = Money(depthPerSide05 * Depth03Share);
            var depth05 = Money(depthPerSide05);

            _book = new OrderBookSummary(bid, ask, depth03, depth03, depth05, depth05, 0d, IsModelled: true);
            // BookFigures.Of(_book) without adding the sides in decimals: both sides are equal, and twice a side converted
            // is the sum converted (doubling is exact in binary).
            _figures = new BookFigures(OrderBookSummary.SpreadBpsOf(bid, ask), 2 * (double)depth03, 2 * (double)depth05);
            _quote = new TickerQuote(last.Close, bid, ask, volume24h, last.CloseTime);
            _ticker = null;
            _tradesPerMinute = averageQuote / Candle.Interval.TotalMinutes / AverageTradeUsd;
            _upToDate = null;
            _modelledClosed = closed;
            _data.MarkModelled(closed);
        }

        private static decimal Money(double value) => Cents.Round(value);
    }
}
