using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

namespace BreakoutBot.Infrastructure.DataSets;

/// <summary>
/// Fills one data set's folder from OKX over a range: per instrument it reads what is on disk (that counts as done),
/// asks OKX only for windows of up to 100 bars that hold a missing bar, merges the answer by open time (nothing stored
/// twice), and counts the bars OKX does not have (never invented). Files are rewritten whole every few seconds and when
/// the instrument ends, is cancelled or fails, so a restart loses at most that much work.
/// </summary>
internal sealed class DataSetDownloader(OkxHistoryClient okx, TimeProvider time, string folder, DateTimeOffset from, DateTimeOffset to, DataSetDownloadProgress progress)
{
    private const string UnknownInstrumentCode = "51001";

    /// <summary>How often a growing candle file is written out during an instrument.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    /// <summary>Per instrument: bars held, first and last open time.</summary>
    public Dictionary<string, (long Bars, DateTimeOffset First, DateTimeOffset Last)> Held { get; } = new(StringComparer.Ordinal);

    /// <summary>Per instrument: bars of the range OKX answered without (only instruments with some).</summary>
    public SortedDictionary<string, long> Unavailable { get; } = new(StringComparer.Ordinal);

    /// <summary>Per swap: funding settlements held.</summary>
    public SortedDictionary<string, int> FundingSettlements { get; } = new(StringComparer.Ordinal);

    /// <summary>Instruments OKX says do not exist (code 51001).</summary>
    public HashSet<string> Unknown { get; } = new(StringComparer.Ordinal);

    /// <summary>Things the user should know that did not stop the download.</summary>
    public List<string> Notes { get; } = [];

    public async Task CandlesAsync(string instrumentId, CancellationToken cancellationToken)
    {
        var series = DataSetFiles.ReadCandles(folder, instrumentId);
        var slots = DataSetBarSlots.All(from, to).ToList();
        var missing = slots.Where(s => !series.ContainsKey(s)).ToList();
        progress.Add(slots.Count - missing.Count);
        var windowLimit = slots.Count == 0 ? from : slots[^1] + Candle.Interval;
        var unavailable = 0L;
        var dirty = false;
        var lastFlush = time.GetTimestamp();
        try
        {
            var i = 0;
            while (i < missing.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = missing[i];
                var end = Min(start + (Candle.Interval * OkxHistoryClient.BarsPerRequest), windowLimit);
                var j = i;
                while (j < missing.Count && missing[j] < end)
                {
                    j++;
                }
                var bars = await okx.GetBarsAsync(instrumentId, start, (int)((end - start) / Candle.Interval), cancellationToken);
                if (bars.Error?.Code == UnknownInstrumentCode)
                {
                    // A mistyped or delisted id: left out with a note rather than failing the other instruments.
                    Unknown.Add(instrumentId);
                    Notes.Add($"OKX has no instrument {instrumentId}; it was left out.");
                    progress.Add(missing.Count - i);
                    return;
                }
                if (!bars.IsSuccess)
                {
                    throw new DomainException($"OKX did not give the candles of {instrumentId} from {Iso(start)}: {bars.Error!.Message}");
                }
                var added = 0;
                foreach (var candle in bars.Value)
                {
                    if (DataSetBarSlots.Contains(from, to, candle.Time) && series.TryAdd(candle.Time, candle))
                    {
                        added++;
                    }
                }
                dirty |= added > 0;
                unavailable += (j - i) - added;
                progress.Add(j - i);
                i = j;
                if (dirty && time.GetElapsedTime(lastFlush) >= FlushInterval)
                {
                    await DataSetFiles.WriteCandlesAsync(folder, instrumentId, series.Values, CancellationToken.None);
                    dirty = false;
                    lastFlush = time.GetTimestamp();
                }
            }
        }
        finally
        {
            if (dirty)
            {
                // Cancelled, failed or done: what was fetched is kept and counts as done next time.
                await DataSetFiles.WriteCandlesAsync(folder, instrumentId, series.Values, CancellationToken.None);
            }
        }
        if (series.Count > 0)
        {
            Held[instrumentId] = (series.Count, series.Keys.First(), series.Keys.Last());
        }
        if (unavailable > 0)
        {
            Unavailable[instrumentId] = unavailable;
        }
    }

    /// <summary>Merges the swap's settled funding rates over the range into <c>funding/INSTRUMENT.csv</c>; a refusal is noted, not fatal.</summary>
    public async Task FundingAsync(string instrumentId, CancellationToken cancellationToken)
    {
        if (!OkxHistoryClient.HasFunding(instrumentId) || Unknown.Contains(instrumentId))
        {
            return;
        }
        var fetched = await okx.GetFundingRatesAsync(instrumentId, from, to, cancellationToken);
        if (!fetched.IsSuccess)
        {
            Notes.Add($"Funding rates of {instrumentId} were not fetched ({fetched.Error!.Message}).");
            return;
        }
        var rates = DataSetFiles.ReadFunding(folder, instrumentId);
        foreach (var rate in fetched.Value)
        {
            rates[rate.FundingTime] = rate.FundingRate;
        }
        if (fetched.Value.Count > 0)
        {
            await DataSetFiles.WriteFundingAsync(folder, instrumentId, rates, CancellationToken.None);
        }
        if (rates.Count > 0)
        {
            FundingSettlements[instrumentId] = rates.Count;
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Bars checked so far (held, fetched or found missing at OKX) of the bars the range holds, over all instruments.</summary>
internal sealed class DataSetDownloadProgress(long total)
{
    private long _done;

    public long Total { get; } = total;

    public long Done => Interlocked.Read(ref _done);

    public void Add(long bars) => Interlocked.Add(ref _done, bars);
}
