namespace BreakoutBot.Domain.Trading;

/// <summary>What is stored about a position, enough to rebuild it with <see cref="Position.Restore"/> after a restart.</summary>
public sealed record PositionRecord(
    string Id,
    string InstrumentId,
    PositionSide Side,
    string Strategy,
    string SignalId,
    PositionStatus Status,
    decimal PlannedQuantity,
    decimal PlannedEntry,
    decimal EntryPrice,
    decimal EntryQuantity,
    decimal Quantity,
    decimal InitialStop,
    decimal StopLoss,
    decimal TakeProfit1,
    decimal TakeProfit2,
    decimal EntryFees,
    decimal ExitFees,
    decimal GrossRealizedPnl,
    decimal LastPrice,
    decimal BestPrice,
    bool Tp1Done,
    bool Tp2Done,
    bool BreakevenMoved,
    bool TrailingActive,
    string? EntryOrderId,
    string? StopOrderId,
    string? Tp1OrderId,
    string? Tp2OrderId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? OpenedAt,
    IReadOnlyList<PositionExit> Exits)
{
    /// <summary>
    /// The average entry price of the quantity still open (<see cref="Position.AverageOpenPrice"/>), rebuilt from what is
    /// stored: the entries' cost (<see cref="EntryPrice"/> × <see cref="EntryQuantity"/>) less the cost basis each exit took
    /// out (its price less its gross P&amp;L per unit, mirrored for shorts), over the open quantity. When that is
    /// <see cref="EntryPrice"/> but for the last digits of decimal rounding (no entry filled after an exit), it is
    /// <see cref="EntryPrice"/> exactly.
    /// </summary>
    public decimal AverageOpenPrice()
    {
        if (Exits.Count == 0 || Quantity <= 0 || EntryPrice <= 0)
        {
            return EntryPrice;
        }
        var direction = Side == PositionSide.Long ? 1m : -1m;
        var cost = EntryPrice * EntryQuantity;
        foreach (var exit in Exits)
        {
            cost -= (exit.Price * exit.Quantity) - (direction * exit.GrossPnl);
        }
        var average = cost / Quantity;
        return Math.Abs(average - EntryPrice) <= EntryPrice * RoundingShare ? EntryPrice : average;
    }

    /// <summary>Relative difference below which a rebuilt average is the entry price (decimals carry 28–29 digits).</summary>
    private const decimal RoundingShare = 0.000_000_000_000_000_001m;
}
