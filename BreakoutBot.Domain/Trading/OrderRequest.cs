using System.Globalization;

namespace BreakoutBot.Domain.Trading;

/// <summary>
/// An order the engine asks the exchange to place. <see cref="Quantity"/> is in coins and already rounded to the
/// instrument's lot step; <see cref="ClientOrderId"/> is unique per engine (letters and digits, at most 32).
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
    string? Tag = null)
{
    /// <summary>A side or type this build does not know, or a quantity that is not positive; null when the order is well formed.</summary>
    public string? ShapeProblem() =>
        !Enum.IsDefined(Side) || !Enum.IsDefined(Type) ? $"Order {ClientOrderId}: side {Side} or type {Type} is not supported."
        : Quantity <= 0 ? $"Order {ClientOrderId}: Quantity must be positive (was {Quantity.ToString(CultureInfo.InvariantCulture)})."
        : null;

    /// <summary>What is missing for the order type (a limit price, a trigger price), or null when the prices are usable.</summary>
    public string? PriceProblem() =>
        Type == OrderType.Limit && Price is not > 0 ? $"Order {ClientOrderId}: a limit order needs a positive Price."
        : Type is OrderType.StopMarket or OrderType.TakeProfitMarket && TriggerPrice is not > 0 ? $"Order {ClientOrderId}: a {Type} order needs a positive TriggerPrice."
        : null;
}
