namespace BreakoutBot.Domain.Signals;

public enum SignalStrategy
{
    Momentum = 0,
    Retest = 1,
}
