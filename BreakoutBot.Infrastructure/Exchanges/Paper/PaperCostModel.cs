using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>
/// Prices taker fills (ADR-007). From a reference price P (the last price, a stop's trigger or gap open):
/// <list type="number">
/// <item><description>Half spread h = (ask − bid)/(ask + bid) from the modelled book, else
/// <see cref="PaperExchangeOptions.DefaultSpreadBps"/>/2; the touch is P·(1 + h) for buys, P·(1 − h) for sells.</description></item>
/// <item><description>Slippage s (bps) = <see cref="PaperExchangeOptions.SlippageBps"/> +
/// <see cref="PaperExchangeOptions.DepthImpactBps"/> · notional / D, where D is the quote-currency depth within 0.3 % on
/// the side taken (the ask for buys); without a depth only the base. Capped at
/// <see cref="PaperExchangeOptions.MaxSlippageBps"/>.</description></item>
/// <item><description>Fill = touch·(1 ± s/10⁴), against the trader, rounded to the instrument's tick against the
/// trader (buys up, sells down); the rounding is counted as slippage.</description></item>
/// </list>
/// A marketable limit fills only the quantity whose marginal price stays within its limit (<see cref="MarketableLimit"/>).
/// Fees are not part of the price: they are charged on the fill notional by the exchange.
/// </summary>
public sealed class PaperCostModel
{
    private const decimal BasisPoints = 10_000m;
    private readonly PaperExchangeOptions _options;

    public PaperCostModel(PaperExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The half spread as a fraction of the price.</summary>
    public decimal HalfSpread(OrderBookSummary? book) =>
        book is { BestBid: > 0 } b && b.BestAsk > b.BestBid
            ? (b.BestAsk - b.BestBid) / (b.BestAsk + b.BestBid)
            : _options.DefaultSpreadBps / 2m / BasisPoints;

    /// <summary>The touch price a taker on <paramref name="side"/> crosses to from <paramref name="reference"/>.</summary>
    public decimal Touch(OrderSide side, decimal reference, OrderBookSummary? book)
    {
        var h = HalfSpread(book);
        return side == OrderSide.Buy ? reference * (1m + h) : reference * (1m - h);
    }

    /// <summary>Slippage in bps of a taker order of <paramref name="notional"/> against the book's depth on its side.</summary>
    public decimal SlippageBps(OrderSide side, decimal notional, OrderBookSummary? book)
    {
        var depth = DepthOf(side, book);
        var bps = _options.SlippageBps + (depth > 0 ? _options.DepthImpactBps * Math.Abs(notional) / depth : 0m);
        return Math.Min(bps, _options.MaxSlippageBps);
    }

    /// <summary>
    /// Prices a taker fill of <paramref name="quantity"/> from <paramref name="reference"/>: touch·(1 ± s/10⁴), then
    /// rounded to <paramref name="instrument"/>'s tick against the trader (buys up, sells down), as an exchange's fill price
    /// lies on the tick grid. The rounding's extra cost is slippage, so spread + slippage is what the price moved from the
    /// reference.
    /// </summary>
    public PaperFillPricing Taker(Instrument instrument, OrderSide side, decimal reference, decimal quantity, OrderBookSummary? book)
    {
        var touch = Touch(side, reference, book);
        return AtTouch(instrument, side, reference, touch, quantity, book);
    }

    /// <summary>
    /// A marketable limit (ADR-007, "Marketable limits"). Null when the limit does not reach the touch (it is not
    /// marketable). Otherwise it takes the book up to its limit: read as linear impact (the average slippage of
    /// <see cref="SlippageBps"/> is linear in the notional), the q-th unit costs touch·(1 ± (base + 2·impact·q·touch/D)/10⁴),
    /// so <paramref name="fillable"/> is the largest quantity whose marginal price stays within the limit
    /// (<see cref="FillableQuantity"/>), and the result prices that quantity as an ordinary taker fill (within the limit).
    /// <paramref name="fillable"/> is 0 when not even the first unit is within the limit.
    /// </summary>
    public PaperFillPricing? MarketableLimit(Instrument instrument, OrderSide side, decimal limit, decimal reference, decimal quantity, OrderBookSummary? book, out decimal fillable)
    {
        var touch = Touch(side, reference, book);
        if (side == OrderSide.Buy ? limit < touch : limit > touch)
        {
            fillable = 0m;
            return null;
        }
        fillable = FillableQuantity(instrument, side, limit, touch, quantity, book);
        var pricing = AtTouch(instrument, side, reference, touch, fillable, book);
        // The price is within the limit by construction (average ≤ marginal ≤ limit, and a limit on the tick stays there
        // when the price is rounded to it); this only absorbs the last digit of a decimal division at a limit exactly at
        // touch·(1 ± base).
        var beyond = side == OrderSide.Buy ? pricing.Price > limit : pricing.Price < limit;
        if (beyond && fillable > 0)
        {
            var sign = side == OrderSide.Buy ? 1m : -1m;
            return new PaperFillPricing(limit, pricing.SpreadCost, sign * (limit - touch) * fillable);
        }
        return pricing;
    }

    /// <summary>
    /// The largest quantity (up to <paramref name="quantity"/>, rounded down to the lot step) whose marginal price stays
    /// within <paramref name="limit"/> for a taker crossing to <paramref name="touch"/>: with room r = 10⁴·|limit − touch|/touch
    /// − base (bps), 0 when r &lt; 0, all of it when the depth is unknown (or the impact 0), else
    /// min(quantity, r·D / (2·impact·touch)).
    /// </summary>
    public decimal FillableQuantity(Instrument instrument, OrderSide side, decimal limit, decimal touch, decimal quantity, OrderBookSummary? book)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var sign = side == OrderSide.Buy ? 1m : -1m;
        var roomBps = (sign * (limit - touch) * BasisPoints / touch) - Math.Min(_options.SlippageBps, _options.MaxSlippageBps);
        if (roomBps < 0 || quantity <= 0)
        {
            return 0m;
        }
        var depth = DepthOf(side, book);
        if (depth <= 0 || _options.DepthImpactBps == 0)
        {
            return quantity;
        }
        var most = roomBps * depth / (2m * _options.DepthImpactBps * touch);
        return most >= quantity ? quantity : instrument.RoundQuantityDown(most);
    }

    private PaperFillPricing AtTouch(Instrument instrument, OrderSide side, decimal reference, decimal touch, decimal quantity, OrderBookSummary? book)
    {
        var slip = SlippageBps(side, quantity * touch, book) / BasisPoints;
        var buy = side == OrderSide.Buy;
        var price = buy ? instrument.RoundPriceUp(touch * (1m + slip)) : instrument.RoundPriceDown(touch * (1m - slip));
        var sign = buy ? 1m : -1m;
        return new PaperFillPricing(price, sign * (touch - reference) * quantity, sign * (price - touch) * quantity);
    }

    private static decimal DepthOf(OrderSide side, OrderBookSummary? book) =>
        book is { } b ? (side == OrderSide.Buy ? b.AskDepth03 : b.BidDepth03) : 0m;
}
