using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>Data pushed in by the WebSocket feed (candles, tickers, books).</summary>
public sealed partial class OkxMarketDataProvider
{
    /// <summary>
    /// A candle pushed by the business WebSocket (<c>candle5m</c>). Only confirmed bars that open after the last one
    /// held are appended; returns true when it was.
    /// </summary>
    public bool OnCandle(string instrumentId, OkxCandle candle)
    {
        ArgumentNullException.ThrowIfNull(candle);
        if (!candle.IsConfirmed || instrumentId is null || !_tracked.TryGetValue(instrumentId, out var tracked))
        {
            return false;
        }
        var bar = ToCandle(instrumentId, candle, tracked.Instrument.Kind);
        if (bar is null)
        {
            return false;
        }
        lock (tracked.Gate)
        {
            return tracked.Append(bar.Value, _options.MaxBarsKept);
        }
    }

    /// <summary>A ticker pushed by the public WebSocket (<c>tickers</c>); kept when it is not older than the one held.</summary>
    public bool OnTicker(OkxTicker ticker)
    {
        ArgumentNullException.ThrowIfNull(ticker);
        return ApplyTicker(ticker);
    }

    /// <summary>A book pushed by the public WebSocket (<c>books5</c>); it serves snapshots for <see cref="OkxMarketDataOptions.BookTtl"/>.</summary>
    public bool OnOrderBook(string instrumentId, OkxOrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (instrumentId is null || !_tracked.TryGetValue(instrumentId, out var tracked))
        {
            return false;
        }
        var summary = book.ToSummary(tracked.Instrument.ContractValue);
        if (summary is null)
        {
            return false;
        }
        lock (tracked.Gate)
        {
            tracked.Book = summary;
            tracked.BookFetchedAt = _time.GetUtcNow();
        }
        return true;
    }
}
