namespace BreakoutBot.Domain.Engine;

/// <summary>
/// One cycle's outcome: the state after it, whether the next phase should run at once (the pipeline is mid-way),
/// and how long a live scheduler should otherwise wait (scanning 5 s, signal wait 2 s, managing 1 s, else 0.5 s).
/// </summary>
public readonly record struct CycleResult(TradingState State, bool ContinueImmediately, TimeSpan SuggestedDelay, bool Ran)
{
    public static TimeSpan DelayFor(TradingState state) => state switch
    {
        TradingState.Scanning => TimeSpan.FromSeconds(5),
        TradingState.SignalWait => TimeSpan.FromSeconds(2),
        TradingState.Managing => TimeSpan.FromSeconds(1),
        _ => TimeSpan.FromMilliseconds(500),
    };
}
