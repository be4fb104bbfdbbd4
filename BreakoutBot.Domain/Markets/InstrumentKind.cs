namespace BreakoutBot.Domain.Markets;

public enum InstrumentKind
{
    Swap = 0,
    Spot = 1,
}
