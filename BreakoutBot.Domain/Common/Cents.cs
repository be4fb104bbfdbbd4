namespace BreakoutBot.Domain.Common;

/// <summary>Money amounts modelled in doubles, brought to decimal cents.</summary>
public static class Cents
{
    // Below this the conversion to decimal keeps at least 7 decimals (15 significant digits), and the double maths errs
    // by far less than the margin.
    private const double FastLimit = 1e8;
    private const double Margin = 1e-3;

    /// <summary>
    /// <paramref name="value"/> to two decimals, halves to even: the value and written form of
    /// <c>decimal.Round((decimal)value, 2, MidpointRounding.ToEven)</c>. When the amount in cents lies clearly between two
    /// whole cents and away from the half (the usual case), it is rounded in doubles, which costs a fraction of the decimal
    /// conversion; otherwise (whole cents, a half, negative or very large amounts) the decimal rule is applied.
    /// </summary>
    public static decimal Round(double value)
    {
        if (value is > 0 and < FastLimit)
        {
            var cents = value * 100d;
            var floor = Math.Floor(cents);
            var fraction = cents - floor;
            if (fraction > Margin && fraction < 1 - Margin && Math.Abs(fraction - 0.5) > Margin)
            {
                // (decimal)value has more than two decimals here, so rounding it gives exactly two.
                var whole = (long)floor + (fraction > 0.5 ? 1 : 0);
                return new decimal((int)(whole & 0xFFFF_FFFF), (int)(whole >> 32), 0, false, 2);
            }
        }
        return decimal.Round((decimal)value, 2, MidpointRounding.ToEven);
    }
}
