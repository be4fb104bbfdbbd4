namespace BreakoutBot.Domain.Scanning;

/// <summary>One filter's verdict with the measured value and the threshold it was compared against.</summary>
public readonly record struct FilterResult(bool Passed, double Value, double Threshold, string Reason)
{
    public static FilterResult Skipped(string reason) => new(true, double.NaN, double.NaN, reason);
}
