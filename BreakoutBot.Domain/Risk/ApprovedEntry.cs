using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Risk;

/// <summary>
/// An entry approved in SIZING. EXECUTION sends exactly <see cref="Quantity"/>: nothing re-sizes it in between.
/// </summary>
public sealed record ApprovedEntry(Signal Signal, decimal Quantity, decimal Notional, decimal RiskUsd, DateTimeOffset ApprovedAt)
{
    public OrderSide EntrySide => Signal.Side == PositionSide.Long ? OrderSide.Buy : OrderSide.Sell;
}
