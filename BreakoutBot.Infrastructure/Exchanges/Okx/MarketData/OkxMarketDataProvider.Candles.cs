using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>Candles over REST: backfill, polling of due instruments, and the conversion to domain bars.</summary>
public sealed partial class OkxMarketDataProvider
{
    private async Task<int> BackfillAsync(Tracked tracked, CancellationToken cancellationToken)
    {
        var id = tracked.Instrument.Id;
        var result = await _rest.BackfillCandlesAsync(id, Bar, _options.BackfillBars, cancellationToken);
        if (!result.IsSuccess)
        {
            RecordError("backfilling " + id, result.Error!);
            return 0;
        }
        var bars = ToCandles(id, result.Value, tracked.Instrument.Kind);
        lock (tracked.Gate)
        {
            var added = tracked.Merge(bars, _options.MaxBarsKept);
            tracked.Backfilled = true;
            return added;
        }
    }

    private async Task<int> PollAsync(Tracked tracked, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Candle? last;
        lock (tracked.Gate)
        {
            last = tracked.LastBar;
        }
        if (last is not { } lastBar)
        {
            return await BackfillAsync(tracked, cancellationToken);
        }
        // Bars closed since the last one held, plus the forming one that OKX returns first.
        var missing = (int)Math.Max(1, (now - lastBar.CloseTime).Ticks / Candle.Interval.Ticks);
        if (missing + 1 > OkxRestClient.MaxCandlesPerPage)
        {
            return await BackfillAsync(tracked, cancellationToken);
        }
        var id = tracked.Instrument.Id;
        var result = await _rest.GetCandlesAsync(id, Bar, null, null, missing + 1, cancellationToken);
        if (!result.IsSuccess)
        {
            RecordError("polling candles of " + id, result.Error!);
            return 0;
        }
        var bars = ToCandles(id, result.Value, tracked.Instrument.Kind);
        var appended = 0;
        lock (tracked.Gate)
        {
            foreach (var bar in bars)
            {
                if (tracked.Append(bar, _options.MaxBarsKept))
                {
                    appended++;
                }
            }
        }
        return appended;
    }

    private async Task ForEachAsync(IReadOnlyList<Tracked> items, Func<Tracked, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var tasks = items.Select(async item =>
        {
            await _requests.WaitAsync(cancellationToken);
            try
            {
                await action(item, cancellationToken);
            }
            finally
            {
                _requests.Release();
            }
        });
        await Task.WhenAll(tasks);
    }

    /// <summary>Confirmed rows, oldest first, one per open time; rows the domain rejects are logged and skipped.</summary>
    private List<Candle> ToCandles(string instrumentId, IEnumerable<OkxCandle> rows, InstrumentKind kind)
    {
        var bars = new List<Candle>();
        foreach (var row in rows.Where(r => r.IsConfirmed).DistinctBy(r => r.Time).OrderBy(r => r.Time))
        {
            if (ToCandle(instrumentId, row, kind) is { } bar)
            {
                bars.Add(bar);
            }
        }
        return bars;
    }

    private Candle? ToCandle(string instrumentId, OkxCandle row, InstrumentKind kind)
    {
        try
        {
            return row.ToCandle(kind);
        }
        catch (DomainException ex)
        {
            RecordError("bad candle of " + instrumentId, ex.Message);
            return null;
        }
    }
}
