using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Domain.Positions;

/// <summary>
/// The quantities of the two take-profit orders, in whole lots. Each target is <c>tp_size_pct</c> × the entry quantity
/// rounded down to the lot step; a target below one lot (or the minimum order) cannot be placed, so it is merged:
/// <list type="number">
/// <item>both at least one lot: placed as computed;</item>
/// <item>TP1 below one lot: TP1 is merged into TP2 (TP2 takes (tp1 + tp2) × entry, rounded down);</item>
/// <item>TP2 below one lot: TP2 is merged into TP1 likewise;</item>
/// <item>both below one lot: TP1 takes the combined quantity when that is at least one lot, else no target is placed
/// (the whole position is the runner).</item>
/// </list>
/// Targets never exceed the open quantity; what they leave is the runner that trails. A TP1 without an order still arms
/// breakeven and trailing when the price reaches its level (<see cref="PositionManager"/>). See ADR-003.
/// </summary>
public static class TakeProfitSplit
{
    public static (decimal Tp1, decimal Tp2) Compute(Instrument instrument, decimal entryQuantity, decimal openQuantity, double tp1SizePct, double tp2SizePct)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var lot = Math.Max(instrument.QuantityStep, instrument.MinQuantity);
        var tp1 = Math.Min(instrument.RoundQuantityDown(entryQuantity * (decimal)tp1SizePct), openQuantity);
        var tp2 = Math.Min(instrument.RoundQuantityDown(entryQuantity * (decimal)tp2SizePct), openQuantity - tp1);
        var combined = Math.Min(instrument.RoundQuantityDown(entryQuantity * ((decimal)tp1SizePct + (decimal)tp2SizePct)), openQuantity);
        var tp1Placeable = tp1 >= lot;
        var tp2Placeable = tp2 >= lot;
        if (tp1Placeable && tp2Placeable)
        {
            return (tp1, tp2);
        }
        if (tp2Placeable)
        {
            return (0m, combined);
        }
        if (tp1Placeable || combined >= lot)
        {
            return (combined, 0m);
        }
        return (0m, 0m);
    }
}
