using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>Open interest over REST: all swaps in one call.</summary>
public sealed partial class OkxMarketDataProvider
{
    /// <summary>When open interest was last asked for (successfully or not), or null.</summary>
    public DateTimeOffset? LastOpenInterestRead
    {
        get
        {
            lock (_statusGate)
            {
                return _lastOpenInterestRead;
            }
        }
    }

    /// <summary>
    /// Reads the open interest of every swap in one <c>/public/open-interest?instType=SWAP</c> call (rate-limited like
    /// every REST call) and keeps each tracked swap's USD figure with OKX's timestamp. A swap missing from the reply has
    /// none. When the read fails (HTTP error, OKX error, or a malformed row, which names its field) the error is recorded
    /// and every held figure is cleared, so the next scan reports <c>min_oi</c> and <c>oi_delta</c> as not available
    /// instead of passing them on old figures. Does nothing (and returns true) when
    /// <see cref="OkxMarketDataOptions.FetchOpenInterest"/> is off. Spot pairs have no open interest.
    /// </summary>
    public async Task<bool> RefreshOpenInterestAsync(CancellationToken cancellationToken)
    {
        if (!_options.FetchOpenInterest)
        {
            return true;
        }
        var result = await _rest.GetOpenInterestAsync(InstrumentKind.Swap, null, cancellationToken);
        lock (_statusGate)
        {
            _lastOpenInterestRead = _time.GetUtcNow();
        }
        if (!result.IsSuccess)
        {
            RecordError("loading open interest", result.Error!);
            foreach (var tracked in _tracked.Values)
            {
                SetOpenInterest(tracked, null, null);
            }
            return false;
        }
        var byId = new Dictionary<string, (decimal Usd, DateTimeOffset Time)>(result.Value.Count, StringComparer.Ordinal);
        foreach (var row in result.Value)
        {
            byId[row.InstrumentId] = (row.Usd, row.Time);
        }
        foreach (var tracked in _tracked.Values)
        {
            if (byId.TryGetValue(tracked.Instrument.Id, out var read))
            {
                SetOpenInterest(tracked, read.Usd, read.Time);
            }
            else
            {
                SetOpenInterest(tracked, null, null);
            }
        }
        return true;
    }

    private static void SetOpenInterest(Tracked tracked, decimal? usd, DateTimeOffset? time)
    {
        lock (tracked.Gate)
        {
            tracked.OpenInterestUsd = usd;
            tracked.OpenInterestTime = time;
        }
    }
}
