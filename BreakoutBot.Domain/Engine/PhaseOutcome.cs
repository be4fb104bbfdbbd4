namespace BreakoutBot.Domain.Engine;

/// <summary>Where one phase wants the engine to go next (null: stay), whether to run the next phase at once, and why.</summary>
public readonly record struct PhaseOutcome(TradingState? Next, bool ContinueImmediately, string Reason)
{
    public static PhaseOutcome Stay(string reason) => new(null, false, reason);
}
