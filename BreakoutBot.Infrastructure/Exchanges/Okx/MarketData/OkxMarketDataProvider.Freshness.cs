using System.Globalization;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>How fresh each tracked instrument's bars and ticker are: a stale instrument takes no new entries.</summary>
public sealed partial class OkxMarketDataProvider
{
    /// <summary>True when the instrument's data is stale (or it is not tracked): no new entries should be taken on it.</summary>
    public bool IsStale(string instrumentId) =>
        !_tracked.TryGetValue(instrumentId, out var tracked) || Freshness(tracked, _time.GetUtcNow()).IsStale;

    /// <summary>The freshness of one tracked instrument, or null.</summary>
    public OkxDataFreshness? GetFreshness(string instrumentId) =>
        _tracked.TryGetValue(instrumentId, out var tracked) ? Freshness(tracked, _time.GetUtcNow()) : null;

    /// <summary>The freshness of every instrument of the current selection, in universe order.</summary>
    public IReadOnlyList<OkxDataFreshness> GetFreshnessReport()
    {
        var now = _time.GetUtcNow();
        return Volatile.Read(ref _universe)
            .Select(i => _tracked.TryGetValue(i.Id, out var t) ? Freshness(t, now) : new OkxDataFreshness(i.Id, null, null, true, "not tracked"))
            .ToList();
    }

    private OkxDataFreshness Freshness(Tracked tracked, DateTimeOffset now)
    {
        Candle? last;
        Ticker? ticker;
        lock (tracked.Gate)
        {
            last = tracked.LastBar;
            ticker = tracked.Ticker;
        }
        var id = tracked.Instrument.Id;
        string? reason = null;
        if (last is not { } bar)
        {
            reason = "no closed 5m bar yet";
        }
        else if (now - bar.Time > (2 * Candle.Interval) + _options.CandleGrace)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"last closed bar opened {(now - bar.Time).TotalMinutes:0.#} min ago ({bar.Time:yyyy-MM-dd HH:mm} UTC)");
        }
        else if (ticker is null)
        {
            reason = "no ticker yet";
        }
        else if (now - ticker.Time > _options.TickerMaxAge)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"ticker is {(now - ticker.Time).TotalSeconds:0} s old");
        }
        return new OkxDataFreshness(id, last?.Time, ticker?.Time, reason is not null, reason);
    }
}
