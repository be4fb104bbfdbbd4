using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>Bars fed to the account, and each instrument's price, funding clock and position.</summary>
public sealed partial class PaperExchangeClient
{
    /// <summary>
    /// Feeds one closed bar: first evaluates the instrument's resting orders against the bar's open/high/low (see the
    /// class remarks for the order of events), then sets the instrument's last/mark price to the bar's close.
    /// </summary>
    public void OnCandle(string instrumentId, Candle candle)
    {
        lock (_gate)
        {
            ApplyBar(instrumentId, candle);
        }
    }

    /// <summary>As <see cref="OnCandle"/> for the bars of several instruments closing at one time, in the order given.</summary>
    public void OnCandles(ReadOnlySpan<string> instrumentIds, ReadOnlySpan<Candle> candles)
    {
        if (instrumentIds.Length != candles.Length)
        {
            throw new ArgumentException("One bar per instrument is expected.", nameof(candles));
        }
        lock (_gate)
        {
            for (var i = 0; i < instrumentIds.Length; i++)
            {
                ApplyBar(instrumentIds[i], candles[i]);
            }
        }
    }

    private void ApplyBar(string instrumentId, in Candle candle)
    {
        var market = MarketOf(instrumentId);
        EvaluateRestingOrders(instrumentId, candle.Open, candle.High, candle.Low);
        market.SetLastPrice(candle.Close);
        _balanceMoved |= _openPositions > 0;
        SettleFunding(instrumentId, market, candle.CloseTime);
    }

    private bool TryGetLastPrice(string instrumentId, out decimal price)
    {
        if (_markets.TryGetValue(instrumentId, out var market) && market.HasPrice)
        {
            price = market.LastPrice;
            return true;
        }
        price = 0m;
        return false;
    }

    /// <summary>The instrument's state, made on its first use (an unknown instrument is refused then).</summary>
    private PaperMarket MarketOf(string instrumentId)
    {
        if (!_markets.TryGetValue(instrumentId, out var market))
        {
            RequireInstrument(instrumentId);
            market = new PaperMarket();
            _markets.Add(instrumentId, market);
        }
        return market;
    }

    /// <summary>
    /// One instrument's state as the bars arrive: its last (mark) price, the time up to which funding was settled, and its
    /// net position once it has traded. Kept together so a bar finds them with one lookup. Guarded by the client's lock.
    /// </summary>
    private sealed class PaperMarket
    {
        public bool HasPrice { get; private set; }

        public decimal LastPrice { get; private set; }

        /// <summary>False until the first price: the first one only starts the funding clock.</summary>
        public bool FundingSeen { get; set; }

        public DateTimeOffset FundingCheckedUntil { get; set; }

        public PaperPosition? Position { get; set; }

        public void SetLastPrice(decimal price)
        {
            LastPrice = price;
            HasPrice = true;
        }
    }
}
