namespace BreakoutBot.Domain.Signals;

public enum SignalStatus
{
    Active = 0,
    Executed = 1,
    Failed = 2,
    Expired = 3,
    Rejected = 4,
}
