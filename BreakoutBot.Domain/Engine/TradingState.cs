namespace BreakoutBot.Domain.Engine;

/// <summary>
/// The engine's lifecycle state. Values are explicit because they are persisted and sent to the UI; the wire
/// form is the lowercase snake name from <see cref="TradingStates.ToWireName"/>.
/// </summary>
public enum TradingState
{
    Idle = 0,
    Initializing = 1,
    Scanning = 2,
    LevelBuilding = 3,
    SignalWait = 4,
    Sizing = 5,
    Execution = 6,
    Managing = 7,
    Paused = 8,
    Error = 9,
    Emergency = 10,
    Stopped = 11,
}
