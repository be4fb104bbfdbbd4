namespace BreakoutBot.Domain.Engine;

/// <summary>
/// What a transition request did. A value: requesting a transition allocates nothing of its own; <see cref="Transition"/>
/// and <see cref="Message"/> are made only when someone reads them.
/// </summary>
public readonly record struct TransitionResult
{
    private readonly TransitionRecord? _recorded;

    internal TransitionResult(TransitionOutcome outcome, TradingState from, TradingState to, TransitionRecord? recorded)
    {
        Outcome = outcome;
        From = from;
        To = to;
        _recorded = recorded;
    }

    public TransitionOutcome Outcome { get; }

    public TradingState From { get; }

    public TradingState To { get; }

    /// <summary>The transition recorded in the history (equal to its entry there), or null when nothing was recorded.</summary>
    public StateTransition? Transition => _recorded?.ToTransition();

    public bool Succeeded => Outcome == TransitionOutcome.Done;

    /// <summary>The outcome in words, for the operator.</summary>
    public string Message => Outcome switch
    {
        TransitionOutcome.Done when _recorded is null => $"Stayed in {From.ToWireName()}.",
        TransitionOutcome.Done => $"Moved {From.ToWireName()} -> {To.ToWireName()}.",
        TransitionOutcome.Ignored => $"Already in {From.ToWireName()}; nothing to do.",
        TransitionOutcome.Rejected => $"Transition {From.ToWireName()} -> {To.ToWireName()} is not allowed.",
        _ => $"Transition {From.ToWireName()} -> {To.ToWireName()} was requested while another was being published; refused.",
    };
}
