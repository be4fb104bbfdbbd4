using BreakoutBot.Domain.Signals;

namespace BreakoutBot.Domain.Risk;

/// <summary>The risk manager's verdict on one signal: approved with a size, or rejected with the reason.</summary>
public sealed record RiskDecision(Signal Signal, bool Approved, string Reason, PositionSize Size, bool Reduced)
{
    public static RiskDecision Reject(Signal signal, string reason) => new(signal, false, reason, PositionSize.Invalid(reason), false);
}
