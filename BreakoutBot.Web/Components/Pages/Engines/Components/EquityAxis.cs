namespace BreakoutBot.Web.Components.Pages.Engines.Components;

/// <summary>
/// A y-axis scaled to the equity curve rather than to zero: the data's range plus a small margin on each side, cut
/// into about five round steps (1, 2, 2.5 or 5 × a power of ten, so cents work as well as thousands).
/// </summary>
public readonly record struct EquityAxis(double Bottom, double Top, double Step)
{
    /// <summary>The share of the range kept free above and below the curve.</summary>
    public const double MarginShare = 0.05;

    private const int TargetSteps = 5;

    public static EquityAxis For(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new EquityAxis(0, 1, 1);
        }
        var min = values.Min();
        var max = values.Max();
        // A flat curve still gets a visible band: 0.05 % of its level (5 USDT on 10,000), at least one cent.
        var margin = Math.Max((max - min) * MarginShare, Math.Max(Math.Abs(max) * 0.0005, 0.01));
        var step = NiceStep((max - min + (2 * margin)) / TargetSteps);
        var bottom = Math.Floor((min - margin) / step) * step;
        var top = Math.Ceiling((max + margin) / step) * step;
        return new EquityAxis(bottom, top, step);
    }

    private static double NiceStep(double raw)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var f in (ReadOnlySpan<double>)[1, 2, 2.5, 5])
        {
            if (f * magnitude >= raw * 0.999)
            {
                return f * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
