using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Engine;

/// <summary>An open position as the status snapshot shows it.</summary>
public sealed record PositionSummary(
    string Id,
    string InstrumentId,
    PositionSide Side,
    string Strategy,
    decimal Quantity,
    decimal EntryPrice,
    decimal StopLoss,
    decimal TakeProfit1,
    decimal TakeProfit2,
    bool Tp1Done,
    bool BreakevenMoved,
    bool TrailingActive,
    decimal LastPrice,
    decimal NetPnl,
    double PnlR,
    decimal Fees,
    DateTimeOffset? OpenedAt)
{
    public static PositionSummary From(Position p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new PositionSummary(p.Id, p.InstrumentId, p.Side, p.Strategy, p.Quantity, p.EntryPrice, p.StopLoss, p.TakeProfit1, p.TakeProfit2,
            p.Tp1Done, p.BreakevenMoved, p.TrailingActive, p.LastPrice, p.NetPnl, p.PnlR, p.Fees, p.OpenedAt);
    }
}
