namespace BreakoutBot.Domain.Engine;

/// <summary>
/// What a transition request did. A value: requesting a transition allocates nothing but the recorded
/// <see cref="StateTransition"/>; <see cref="Message"/> is worded only when someone reads it.
/// </summary>
public readonly record struct TransitionResult(
    TransitionOutcome Outcome,
    TradingState From,
    TradingState To,
    StateTransition? Transition)
{
    public bool Succeeded => Outcome == TransitionOutcome.Done;

    /// <summary>The outcome in words, for the operator.</summary>
    public string Message => Outcome switch
    {
        TransitionOutcome.Done when Transition is null => $"Stayed in {From.ToWireName()}.",
        TransitionOutcome.Done => $"Moved {From.ToWireName()} -> {To.ToWireName()}.",
        TransitionOutcome.Ignored => $"Already in {From.ToWireName()}; nothing to do.",
        TransitionOutcome.Rejected => $"Transition {From.ToWireName()} -> {To.ToWireName()} is not allowed.",
        _ => $"Transition {From.ToWireName()} -> {To.ToWireName()} was requested while another was being published; refused.",
    };
}
