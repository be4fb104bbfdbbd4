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
/// <item><description>Fill = touch·(1 ± s/10⁴), against the trader.</description></item>
/// </list>
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
        var depth = book is { } b ? (side == OrderSide.Buy ? b.AskDepth03 : b.BidDepth03) : 0m;
        var bps = _options.SlippageBps + (depth > 0 ? _options.DepthImpactBps * Math.Abs(notional) / depth : 0m);
        return Math.Min(bps, _options.MaxSlippageBps);
    }

    /// <summary>Prices a taker fill of <paramref name="quantity"/> from <paramref name="reference"/>.</summary>
    public PaperFillPricing Taker(OrderSide side, decimal reference, decimal quantity, OrderBookSummary? book)
    {
        var touch = Touch(side, reference, book);
        var slip = SlippageBps(side, quantity * touch, book) / BasisPoints;
        var price = side == OrderSide.Buy ? touch * (1m + slip) : touch * (1m - slip);
        var sign = side == OrderSide.Buy ? 1m : -1m;
        return new PaperFillPricing(price, sign * (touch - reference) * quantity, sign * (price - touch) * quantity);
    }

    /// <summary>
    /// A marketable limit: it takes the book only when its limit reaches the touch, and then never fills beyond its
    /// limit (the slippage is cut at the limit). Null when the limit does not reach the touch.
    /// </summary>
    public PaperFillPricing? MarketableLimit(OrderSide side, decimal limit, decimal reference, decimal quantity, OrderBookSummary? book)
    {
        var touch = Touch(side, reference, book);
        if (side == OrderSide.Buy ? limit < touch : limit > touch)
        {
            return null;
        }
        var full = Taker(side, reference, quantity, book);
        if (side == OrderSide.Buy ? full.Price <= limit : full.Price >= limit)
        {
            return full;
        }
        var sign = side == OrderSide.Buy ? 1m : -1m;
        return new PaperFillPricing(limit, full.SpreadCost, sign * (limit - touch) * quantity);
    }
}
