namespace BreakoutBot.Domain.Signals;

/// <summary>
/// One signal condition: whether it held, the measured value, the threshold, and whether it was required. A condition
/// whose input the market view cannot provide (the <c>l2_imbalance</c> check without a real level-2 book) is
/// <see cref="NotAvailable"/>: not passed, not failed, so it neither confirms nor blocks a signal (ADR-008).
/// </summary>
public readonly record struct ConditionResult(bool Passed, double Value, double Threshold, bool Required, bool IsAvailable = true)
{
    /// <summary>True when the condition was checked and did not hold: only such a required condition blocks a signal.</summary>
    public bool Failed => IsAvailable && !Passed;

    /// <summary>The input is missing: not passed, not failed; the value is NaN.</summary>
    public static ConditionResult NotAvailable(double threshold, bool required) => new(false, double.NaN, threshold, required, false);
}
