namespace BreakoutBot.Domain.Markets;

/// <summary>
/// What the strategy needs from level-2 data: best prices, spread, quote-currency depth within 0.3 % and 0.5 %
/// of the best price on each side, and the top-of-book imbalance (bid − ask)/(bid + ask) in [−1, 1].
/// <see cref="IsModelled"/> marks a book estimated from candles (replays): its spread and depth are a model and its
/// imbalance is not a measurement, so no check may use it (ADR-008).
/// </summary>
public readonly record struct OrderBookSummary(
    decimal BestBid,
    decimal BestAsk,
    decimal BidDepth03,
    decimal AskDepth03,
    decimal BidDepth05,
    decimal AskDepth05,
    double Imbalance,
    bool IsModelled = false)
{
    public double SpreadBps => SpreadBpsOf(BestBid, BestAsk);

    /// <summary>(ask − bid)/bid in bps, a figure for filters (double maths); infinite without a bid.</summary>
    public static double SpreadBpsOf(decimal bid, decimal ask) =>
        bid > 0 ? (double)(ask - bid) / (double)bid * 10_000d : double.PositiveInfinity;

    public decimal TotalDepth03 => BidDepth03 + AskDepth03;

    public decimal TotalDepth05 => BidDepth05 + AskDepth05;
}
