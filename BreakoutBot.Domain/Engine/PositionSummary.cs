using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Engine;

/// <summary>An open position as the status snapshot shows it; <see cref="RestingOrders"/> counts its stop and take-profit orders the engine holds on the exchange.</summary>
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
    DateTimeOffset? OpenedAt,
    int RestingOrders = 0)
{
    public static PositionSummary From(Position p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new PositionSummary(p.Id, p.InstrumentId, p.Side, p.Strategy, p.Quantity, p.EntryPrice, p.StopLoss, p.TakeProfit1, p.TakeProfit2,
            p.Tp1Done, p.BreakevenMoved, p.TrailingActive, p.LastPrice, p.NetPnl, p.PnlR, p.Fees, p.OpenedAt,
            (p.StopOrderId is null ? 0 : 1) + (p.Tp1OrderId is null ? 0 : 1) + (p.Tp2OrderId is null ? 0 : 1));
    }
}
