namespace BreakoutBot.Domain.Risk;

/// <summary>
/// The sizer's answer. <see cref="Quantity"/> is in coins, rounded down to the lot step; <see cref="RiskUsd"/> is
/// what is lost if the stop fills at its price (quantity × stop distance); <see cref="RiskR"/> = RiskUsd / (equity × risk per trade).
/// </summary>
public sealed record PositionSize(
    decimal Quantity,
    decimal Notional,
    decimal RiskUsd,
    double RiskR,
    decimal StopDistance,
    bool IsValid,
    string Reason,
    bool CappedByNotional,
    bool CappedByDepth)
{
    /// <summary>Why the size is not valid, as a stable category (<see cref="RiskVeto.None"/> when valid).</summary>
    public RiskVeto Veto { get; init; }

    public static PositionSize Invalid(string reason, decimal stopDistance = 0m, RiskVeto veto = RiskVeto.InvalidSize) =>
        new(0m, 0m, 0m, 0d, stopDistance, false, reason, false, false) { Veto = veto };
}
