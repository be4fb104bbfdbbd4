using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>
/// What one paper fill cost, itemised in quote currency: the fee charged, and the half spread and slippage already in
/// its price (relative to the reference price: the last price, or a stop's trigger or gap open).
/// </summary>
public sealed record PaperFillCost(
    string FillId,
    string OrderId,
    string InstrumentId,
    string? Tag,
    OrderSide Side,
    DateTimeOffset Time,
    decimal Quantity,
    decimal Price,
    bool IsMaker,
    decimal Fee,
    decimal Spread,
    decimal Slippage);
