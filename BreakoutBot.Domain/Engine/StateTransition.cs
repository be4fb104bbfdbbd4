namespace BreakoutBot.Domain.Engine;

/// <summary>One recorded change of <see cref="TradingState"/>.</summary>
/// <param name="From">The state before the change.</param>
/// <param name="To">The state after the change.</param>
/// <param name="Reason">Why the engine moved, in words for the operator.</param>
/// <param name="Metadata">Extra context (symbol, error key…); never null.</param>
/// <param name="Time">When it happened, UTC.</param>
/// <param name="Forced">True when the transition table was bypassed.</param>
public sealed record StateTransition(
    TradingState From,
    TradingState To,
    string Reason,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset Time,
    bool Forced);
