using BreakoutBot.Domain.Common;
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

    /// <summary>
    /// The account's state of <paramref name="instrumentId"/>, for a driver that feeds it every bar (a replay's stepper):
    /// resolved once, so each bar finds it without a look-up by id. Refuses an instrument the account does not know.
    /// </summary>
    public PaperMarket MarketFor(string instrumentId)
    {
        ArgumentNullException.ThrowIfNull(instrumentId);
        lock (_gate)
        {
            return MarketOf(instrumentId);
        }
    }

    /// <summary>
    /// As <see cref="OnCandle"/> for the bars of several instruments closing at one time, in the order given; each market
    /// is one <see cref="MarketFor"/> gave for this account.
    /// </summary>
    public void OnCandles(ReadOnlySpan<PaperMarket> markets, ReadOnlySpan<Candle> candles)
    {
        if (markets.Length != candles.Length)
        {
            throw new ArgumentException("One bar per instrument is expected.", nameof(candles));
        }
        lock (_gate)
        {
            for (var i = 0; i < markets.Length; i++)
            {
                var market = markets[i];
                if (!ReferenceEquals(market.Owner, this))
                {
                    throw new ArgumentException($"The market of {market.InstrumentId} belongs to another paper account.", nameof(markets));
                }
                ApplyBar(market, candles[i]);
            }
        }
    }

    private void ApplyBar(string instrumentId, in Candle candle) => ApplyBar(MarketOf(instrumentId), candle);

    private void ApplyBar(PaperMarket market, in Candle candle) =>
        ApplyPrices(market, candle.Open, candle.High, candle.Low, candle.Close, candle.CloseTime);

    /// <summary>
    /// A bar's (or a tick's) prices: the instrument's resting orders matched against open, high and low (none to match when
    /// it has none), the last price set, funding settled up to <paramref name="time"/>.
    /// </summary>
    private void ApplyPrices(PaperMarket market, decimal open, decimal high, decimal low, decimal last, DateTimeOffset time)
    {
        if (market.OpenOrders > 0)
        {
            EvaluateRestingOrders(market.InstrumentId, open, high, low);
        }
        market.SetLastPrice(last);
        _balanceMoved |= _openPositions > 0;
        SettleFunding(market.InstrumentId, market, time);
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

    /// <summary>Puts <paramref name="position"/> on its instrument's state and in the list, in place of one it replaces.</summary>
    private void SetPosition(PaperMarket market, PaperPosition position)
    {
        if (market.Position is { } replaced)
        {
            _positions[_positions.IndexOf(replaced)] = position;
        }
        else
        {
            _positions.Add(position);
        }
        market.Position = position;
    }

    /// <summary>The instrument's state, made on its first use (an unknown instrument is refused then).</summary>
    private PaperMarket MarketOf(string instrumentId)
    {
        if (!_markets.TryGetValue(instrumentId, out var market))
        {
            var instrument = _instrumentLookup(instrumentId) ?? throw new DomainException($"Paper exchange: unknown instrument '{instrumentId}'.");
            market = new PaperMarket(this, instrumentId, instrument);
            _markets.Add(instrumentId, market);
        }
        return market;
    }

    /// <summary>
    /// One instrument's state as the bars arrive: its last (mark) price, the time up to which funding was settled, its
    /// net position once it has traded, and how many of its orders rest. Kept together so a bar finds them with one
    /// lookup (none when the driver holds it, <see cref="MarketFor"/>). Guarded by the client's lock; opaque outside it.
    /// </summary>
    public sealed class PaperMarket
    {
        internal PaperMarket(PaperExchangeClient owner, string instrumentId, Instrument instrument)
        {
            Owner = owner;
            InstrumentId = instrumentId;
            Instrument = instrument;
        }

        internal PaperExchangeClient Owner { get; }

        public string InstrumentId { get; }

        /// <summary>The instrument's rules: its tick (taker fill prices, limits) and lot step (partial fills).</summary>
        internal Instrument Instrument { get; }

        internal bool HasPrice { get; private set; }

        internal decimal LastPrice { get; private set; }

        /// <summary>False until the first price: the first one only starts the funding clock.</summary>
        internal bool FundingSeen { get; set; }

        internal DateTimeOffset FundingCheckedUntil { get; set; }

        internal PaperPosition? Position { get; set; }

        /// <summary>The instrument's orders in the open list: a bar with none has nothing to match.</summary>
        internal int OpenOrders { get; set; }

        internal void SetLastPrice(decimal price)
        {
            LastPrice = price;
            HasPrice = true;
        }
    }
}
