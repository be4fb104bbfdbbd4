using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Risk;

/// <summary>
/// Fixed-fractional sizing: quantity = equity × risk per trade ÷ |entry − stop|, capped by the maximum notional and by
/// the book depth within 0.3 % on the side the entry takes, then rounded DOWN to the instrument's lot step, so the
/// risk taken never exceeds what the preset allows.
/// </summary>
public static class PositionSizer
{
    /// <summary>Orders below this notional are not worth sending (exchange minimums are around this).</summary>
    public const decimal MinNotionalUsd = 10m;

    /// <summary>The share of the 0.3 % depth an entry may take when the depth cap applies.</summary>
    public const decimal DepthCapFraction = 0.8m;

    public static PositionSize Size(
        decimal equity,
        double riskPerTrade,
        decimal entry,
        decimal stop,
        PositionSide side,
        Instrument instrument,
        decimal? maxPositionSizeUsd,
        OrderBookSummary? book)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (equity <= 0)
        {
            return PositionSize.Invalid($"Equity must be positive; got {equity}.");
        }
        if (entry <= 0 || stop <= 0)
        {
            return PositionSize.Invalid($"Entry and stop must be positive; got entry {entry}, stop {stop}.");
        }
        if (riskPerTrade <= 0 || riskPerTrade > 1 || double.IsNaN(riskPerTrade))
        {
            return PositionSize.Invalid($"Risk per trade must be in (0, 1]; got {riskPerTrade}.");
        }
        var stopDistance = Math.Abs(entry - stop);
        if (stopDistance <= 0)
        {
            return PositionSize.Invalid("Invalid stop distance: the stop equals the entry.", stopDistance);
        }
        if ((side == PositionSide.Long && stop > entry) || (side == PositionSide.Short && stop < entry))
        {
            return PositionSize.Invalid($"The stop {stop} is on the wrong side of the entry {entry} for a {side} position.", stopDistance);
        }

        var riskBudget = equity * (decimal)riskPerTrade;
        var quantity = riskBudget / stopDistance;
        var cappedByNotional = false;
        var cappedByDepth = false;

        if (maxPositionSizeUsd is { } maxUsd && maxUsd > 0 && quantity * entry > maxUsd)
        {
            quantity = maxUsd / entry;
            cappedByNotional = true;
        }

        if (book is { } b)
        {
            var depth = side == PositionSide.Long ? b.AskDepth03 : b.BidDepth03;
            if (depth > 0 && quantity * entry > depth)
            {
                quantity = DepthCapFraction * depth / entry;
                cappedByDepth = true;
            }
        }

        quantity = instrument.RoundQuantityDown(quantity);
        var notional = quantity * entry;
        var riskUsd = quantity * stopDistance;
        var riskR = riskBudget > 0 ? (double)(riskUsd / riskBudget) : 0d;

        if (quantity <= 0)
        {
            return PositionSize.Invalid($"Size rounds down to zero at lot step {instrument.QuantityStep}.", stopDistance, RiskVeto.SizeBelowLotStep);
        }
        if (quantity < instrument.MinQuantity)
        {
            return new PositionSize(quantity, notional, riskUsd, riskR, stopDistance, false,
                $"Quantity {quantity} is below the instrument minimum {instrument.MinQuantity}.", cappedByNotional, cappedByDepth) { Veto = RiskVeto.SizeBelowMinQuantity };
        }
        if (notional < MinNotionalUsd)
        {
            return new PositionSize(quantity, notional, riskUsd, riskR, stopDistance, false,
                $"Notional {notional:0.##} is below the minimum {MinNotionalUsd}.", cappedByNotional, cappedByDepth) { Veto = RiskVeto.NotionalBelowMinimum };
        }
        return new PositionSize(quantity, notional, riskUsd, riskR, stopDistance, true, "ok", cappedByNotional, cappedByDepth);
    }
}
