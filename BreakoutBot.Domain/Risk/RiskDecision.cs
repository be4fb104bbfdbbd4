using BreakoutBot.Domain.Signals;

namespace BreakoutBot.Domain.Risk;

/// <summary>
/// The risk manager's verdict on one signal: approved with a size, or rejected with the reason in words and its
/// <see cref="Veto"/> category.
/// </summary>
public sealed record RiskDecision(Signal Signal, bool Approved, string Reason, PositionSize Size, bool Reduced)
{
    /// <summary>Why the signal was refused, as a stable category (<see cref="RiskVeto.None"/> when approved).</summary>
    public RiskVeto Veto { get; init; }

    public static RiskDecision Reject(Signal signal, string reason) => new(signal, false, reason, PositionSize.Invalid(reason), false);

    public static RiskDecision Reject(Signal signal, RiskVeto veto, string reason) => Reject(signal, reason) with { Veto = veto };
}
