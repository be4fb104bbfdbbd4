namespace BreakoutBot.Domain.Trading;

public enum PositionStatus
{
    /// <summary>Entry order sent, no fill yet.</summary>
    Opening = 0,
    Open = 1,
    Closed = 2,
    /// <summary>The entry never filled.</summary>
    Cancelled = 3,
}
