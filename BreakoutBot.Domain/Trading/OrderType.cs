namespace BreakoutBot.Domain.Trading;

public enum OrderType
{
    /// <summary>Fills at once against the market (taker).</summary>
    Market = 0,
    /// <summary>Rests at <c>Price</c> until the market trades through it (maker).</summary>
    Limit = 1,
    /// <summary>Becomes a market order when the market trades through <c>TriggerPrice</c> against the position (stop loss).</summary>
    StopMarket = 2,
    /// <summary>Becomes a market order when the market trades through <c>TriggerPrice</c> in the position's favour (take profit).</summary>
    TakeProfitMarket = 3,
}
