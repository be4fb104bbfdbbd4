namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>
/// The price a taker fill gets and what it cost against the reference price, in quote currency for the whole fill:
/// <see cref="SpreadCost"/> for crossing half the spread, <see cref="SlippageCost"/> for walking the book. Both are
/// already inside <see cref="Price"/> (they are not charged again); they are reported to itemise the fill.
/// </summary>
public readonly record struct PaperFillPricing(decimal Price, decimal SpreadCost, decimal SlippageCost)
{
    /// <summary>A fill at exactly the reference price (a resting limit order filled by the market).</summary>
    public static PaperFillPricing AtPrice(decimal price) => new(price, 0m, 0m);
}
