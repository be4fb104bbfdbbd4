namespace BreakoutBot.Domain.Trading;

public enum PositionSide
{
    Long = 0,
    Short = 1,
}
