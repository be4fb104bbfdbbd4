using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Levels;

/// <summary>
/// Checks how price approaches a level (the original's <c>check_approach_quality</c>): a steep run into the level is
/// a poor setup, and price should already be pressing against it.
/// </summary>
public static class ApproachQuality
{
    /// <summary>
    /// The slope is the least-squares slope of the last <see cref="LevelDetectorOptions.ApproachSlopeBars"/> closes,
    /// divided by their mean and expressed in percent per bar; its absolute value must not exceed
    /// <see cref="LevelDetectorOptions.ApproachSlopeMaxPctPerBar"/> (so the check works for supports approached from
    /// above too). Each of the last <see cref="LevelDetectorOptions.ApproachNearCloses"/> closes must lie within
    /// <see cref="LevelDetectorOptions.ApproachMaxDistancePct"/> of <paramref name="levelPrice"/>. A window shorter than
    /// either count is not acceptable and reports a NaN slope.
    /// </summary>
    public static ApproachAssessment Assess(CandleWindow window, double levelPrice, LevelDetectorOptions options)
    {
        if (options is null)
        {
            throw new DomainException("ApproachQuality: options must not be null.");
        }
        if (!(levelPrice > 0) || !double.IsFinite(levelPrice))
        {
            throw new DomainException($"ApproachQuality: levelPrice {levelPrice} must be a positive finite number.");
        }
        options.Validate();

        var close = window.Close;
        var bars = options.ApproachSlopeBars;
        var nearCloses = options.ApproachNearCloses;
        if (close.Length < bars || close.Length < nearCloses)
        {
            return new ApproachAssessment(false, double.NaN);
        }

        var slope = SlopePctPerBar(close[^bars..]);
        var acceptable = Math.Abs(slope) <= options.ApproachSlopeMaxPctPerBar;
        var maxDistance = levelPrice * options.ApproachMaxDistancePct;
        for (var i = close.Length - nearCloses; i < close.Length && acceptable; i++)
        {
            if (Math.Abs(close[i] - levelPrice) > maxDistance)
            {
                acceptable = false;
            }
        }
        return new ApproachAssessment(acceptable, slope);
    }

    private static double SlopePctPerBar(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        var meanX = (n - 1) / 2.0;
        var meanY = 0.0;
        for (var i = 0; i < n; i++)
        {
            meanY += values[i];
        }
        meanY /= n;
        var covariance = 0.0;
        var varianceX = 0.0;
        for (var i = 0; i < n; i++)
        {
            var dx = i - meanX;
            covariance += dx * (values[i] - meanY);
            varianceX += dx * dx;
        }
        return meanY > 0 ? covariance / varianceX / meanY * 100.0 : 0.0;
    }
}
