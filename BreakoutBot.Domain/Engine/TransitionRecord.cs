namespace BreakoutBot.Domain.Engine;

/// <summary>A recorded transition as a value (the state machine's history entry): the <see cref="StateTransition"/> is made from it when read.</summary>
internal readonly record struct TransitionRecord(
    TradingState From,
    TradingState To,
    string Reason,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset Time,
    bool Forced)
{
    public StateTransition ToTransition() => new(From, To, Reason, Metadata, Time, Forced);
}
