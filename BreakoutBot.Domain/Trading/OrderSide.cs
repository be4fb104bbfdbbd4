namespace BreakoutBot.Domain.Trading;

public enum OrderSide
{
    Buy = 0,
    Sell = 1,
}
