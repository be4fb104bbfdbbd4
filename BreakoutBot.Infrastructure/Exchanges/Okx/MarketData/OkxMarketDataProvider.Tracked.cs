using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>The state held per instrument.</summary>
public sealed partial class OkxMarketDataProvider
{
    /// <summary>
    /// One instrument's held data. Bars, ticker, book and the backfill flag are read and written under <see cref="Gate"/>;
    /// <see cref="Instrument"/> is replaced as a whole (a reference write) when a universe refresh brings new rules.
    /// </summary>
    private sealed class Tracked(Instrument instrument)
    {
        private readonly List<Candle> _bars = [];

        public Lock Gate { get; } = new();

        public Instrument Instrument { get; set; } = instrument;

        public Ticker? Ticker { get; set; }

        public OrderBookSummary? Book { get; set; }

        public DateTimeOffset? BookFetchedAt { get; set; }

        public bool Backfilled { get; set; }

        /// <summary>The last open interest read (USD), null before the first read or after a failed one.</summary>
        public decimal? OpenInterestUsd { get; set; }

        /// <summary>When OKX measured <see cref="OpenInterestUsd"/> (its <c>ts</c>).</summary>
        public DateTimeOffset? OpenInterestTime { get; set; }

        public Candle? LastBar => _bars.Count > 0 ? _bars[^1] : null;

        public bool NeedsBackfill()
        {
            lock (Gate)
            {
                return !Backfilled;
            }
        }

        public bool IsDue(DateTimeOffset now)
        {
            lock (Gate)
            {
                return !Backfilled || _bars.Count == 0 || now - _bars[^1].Time >= 2 * Candle.Interval;
            }
        }

        /// <summary>Appends a bar that opens after the last one held.</summary>
        public bool Append(Candle bar, int maxBars)
        {
            if (_bars.Count > 0 && bar.Time <= _bars[^1].Time)
            {
                return false;
            }
            _bars.Add(bar);
            Trim(maxBars);
            return true;
        }

        /// <summary>Adds sorted bars older than the first one held (a backfill after pushes) and newer than the last one.</summary>
        public int Merge(List<Candle> sorted, int maxBars)
        {
            if (_bars.Count == 0)
            {
                _bars.AddRange(sorted);
                Trim(maxBars);
                return sorted.Count;
            }
            var first = _bars[0].Time;
            var older = sorted.Where(b => b.Time < first).ToList();
            _bars.InsertRange(0, older);
            var added = older.Count;
            foreach (var bar in sorted)
            {
                if (bar.Time > _bars[^1].Time)
                {
                    _bars.Add(bar);
                    added++;
                }
            }
            Trim(maxBars);
            return added;
        }

        /// <summary>The last <paramref name="max"/> bars opening after <paramref name="after"/>, oldest first (a copy).</summary>
        public Candle[] BarsAfter(DateTimeOffset? after, int max)
        {
            if (max <= 0 || _bars.Count == 0)
            {
                return [];
            }
            var start = _bars.Count;
            while (start > 0 && (after is null || _bars[start - 1].Time > after) && _bars.Count - start < max)
            {
                start--;
            }
            return _bars.GetRange(start, _bars.Count - start).ToArray();
        }

        /// <summary>Mean quote volume per minute over the last hour's bars, divided by an assumed trade size; null without bars.</summary>
        public double? EstimatedTradesPerMinute(decimal assumedTradeSize)
        {
            if (_bars.Count == 0)
            {
                return null;
            }
            var window = Math.Min(StatsWindow, _bars.Count);
            var quote = 0m;
            for (var i = _bars.Count - window; i < _bars.Count; i++)
            {
                quote += _bars[i].Close * _bars[i].Volume;
            }
            var perMinute = quote / window / (decimal)Candle.Interval.TotalMinutes;
            return (double)(perMinute / assumedTradeSize);
        }

        private void Trim(int maxBars)
        {
            if (_bars.Count > maxBars)
            {
                _bars.RemoveRange(0, _bars.Count - maxBars);
            }
        }
    }
}
