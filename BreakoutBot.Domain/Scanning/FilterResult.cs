namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// One filter's verdict with the measured value and the threshold it was compared against. A filter whose input the
/// data source cannot provide (open interest from CSV candles, a benchmark series that is missing) is
/// <see cref="NotAvailable(string)"/>: not passed, not failed, and listed as not checked (ADR-008).
/// </summary>
public readonly record struct FilterResult(bool Passed, double Value, double Threshold, string Reason, bool IsAvailable = true)
{
    /// <summary>True when the filter was checked and did not pass: only such a verdict blocks an instrument.</summary>
    public bool Failed => IsAvailable && !Passed;

    /// <summary>The filter does not apply (disabled by the preset, spot has no open interest, the benchmark itself): passed.</summary>
    public static FilterResult Skipped(string reason) => new(true, double.NaN, double.NaN, reason);

    /// <summary>The data source cannot provide the filter's input: not passed, not blocking, reported as not checked.</summary>
    public static FilterResult NotAvailable(string reason) => new(false, double.NaN, double.NaN, reason, false);
}
