namespace BreakoutBot.Domain.Signals;

/// <summary>One signal condition: whether it held, the measured value, the threshold, and whether it was required.</summary>
public readonly record struct ConditionResult(bool Passed, double Value, double Threshold, bool Required);
