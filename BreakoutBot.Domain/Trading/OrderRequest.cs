using System.Globalization;

namespace BreakoutBot.Domain.Trading;

/// <summary>
/// An order the engine asks the exchange to place. <see cref="Quantity"/> is in coins and already rounded to the
/// instrument's lot step; <see cref="ClientOrderId"/> is unique per engine (letters and digits, at most 32).
/// An entry may carry its protective stop (<see cref="AttachedStop"/>), and a limit order may be immediate-or-cancel or post-only.
/// </summary>
public sealed record OrderRequest(
    string ClientOrderId,
    string InstrumentId,
    OrderSide Side,
    OrderType Type,
    decimal Quantity,
    decimal? Price = null,
    decimal? TriggerPrice = null,
    bool ReduceOnly = false,
    string? Tag = null,
    TimeInForce TimeInForce = TimeInForce.GoodTillCancel,
    AttachedStop? AttachedStop = null)
{
    /// <summary>A side or type this build does not know, or a quantity that is not positive; null when the order is well formed.</summary>
    public string? ShapeProblem() =>
        !Enum.IsDefined(Side) || !Enum.IsDefined(Type) ? $"Order {ClientOrderId}: side {Side} or type {Type} is not supported."
        : Quantity <= 0 ? $"Order {ClientOrderId}: Quantity must be positive (was {Quantity.ToString(CultureInfo.InvariantCulture)})."
        : !Enum.IsDefined(TimeInForce) || (TimeInForce is TimeInForce.ImmediateOrCancel or TimeInForce.PostOnly && Type != OrderType.Limit) ? $"Order {ClientOrderId}: TimeInForce {TimeInForce} is only for limit orders."
        : AttachedStop is not null && (ReduceOnly || Type is not (OrderType.Market or OrderType.Limit)) ? $"Order {ClientOrderId}: only an opening market or limit order can carry an attached stop."
        : AttachedStop is { TriggerPrice: <= 0 } ? $"Order {ClientOrderId}: the attached stop needs a positive TriggerPrice."
        : AttachedStop is not null && AttachedStop.ClientOrderId == ClientOrderId ? $"Order {ClientOrderId}: the attached stop needs its own client order id."
        : null;

    /// <summary>What is missing for the order type (a limit price, a trigger price), or null when the prices are usable.</summary>
    public string? PriceProblem() =>
        Type == OrderType.Limit && Price is not > 0 ? $"Order {ClientOrderId}: a limit order needs a positive Price."
        : Type is OrderType.StopMarket or OrderType.TakeProfitMarket && TriggerPrice is not > 0 ? $"Order {ClientOrderId}: a {Type} order needs a positive TriggerPrice."
        : null;
}
