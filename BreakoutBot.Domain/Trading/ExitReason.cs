namespace BreakoutBot.Domain.Trading;

public enum ExitReason
{
    StopLoss = 0,
    BreakevenStop = 1,
    TrailingStop = 2,
    TakeProfit1 = 3,
    TakeProfit2 = 4,
    MaxHoldTime = 5,
    TimeStop = 6,
    NoProgress = 7,
    KillSwitch = 8,
    Manual = 9,
    EmergencyStop = 10,
    /// <summary>The exchange no longer held the quantity (closed while the engine was away); booked by reconciliation.</summary>
    Reconciled = 11,
}
