namespace BreakoutBot.Domain.Engine;

/// <summary>The result of <see cref="EngineStateMachine.TransitionToAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="From">The state when the request was evaluated (or read, if the lock timed out).</param>
/// <param name="To">The requested state.</param>
/// <param name="Message">A sentence for logs and the UI.</param>
/// <param name="Transition">The recorded transition, or null when nothing was recorded.</param>
public sealed record TransitionResult(
    TransitionOutcome Outcome,
    TradingState From,
    TradingState To,
    string Message,
    StateTransition? Transition)
{
    /// <summary>True only for <see cref="TransitionOutcome.Done"/>.</summary>
    public bool Succeeded => Outcome == TransitionOutcome.Done;
}
