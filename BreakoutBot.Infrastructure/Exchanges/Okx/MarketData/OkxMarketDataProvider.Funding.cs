namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>Current funding rates over REST: all swaps in one call, kept for a paper account on live data.</summary>
public sealed partial class OkxMarketDataProvider
{
    /// <summary>The funding settlements read so far (<see cref="RefreshFundingAsync"/>), for a paper account on this market.</summary>
    public LiveFundingSchedule Funding { get; } = new();

    private bool FundingReadDue(DateTimeOffset now)
    {
        lock (_statusGate)
        {
            return _lastFundingRead is not { } last || now - last >= _options.FundingRefreshInterval;
        }
    }

    /// <summary>
    /// Reads the current funding rate of every swap in one <c>/public/funding-rate?instId=ANY</c> call (rate-limited like
    /// every REST call) and records each tracked swap's next settlement and rate in <see cref="Funding"/>. A failed read
    /// is recorded as an error and changes nothing: a settlement no read reached is charged the paper account's flat rate.
    /// </summary>
    public async Task<bool> RefreshFundingAsync(CancellationToken cancellationToken)
    {
        var result = await _rest.GetCurrentFundingRatesAsync(cancellationToken);
        lock (_statusGate)
        {
            _lastFundingRead = _time.GetUtcNow();
        }
        if (!result.IsSuccess)
        {
            RecordError("loading funding rates", result.Error!);
            return false;
        }
        foreach (var row in result.Value)
        {
            if (_tracked.ContainsKey(row.InstrumentId))
            {
                Funding.Record(row.InstrumentId, row.FundingTime, row.FundingRate);
            }
        }
        return true;
    }
}
