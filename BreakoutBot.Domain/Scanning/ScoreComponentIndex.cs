using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Domain.Scanning;

/// <summary>The index of each score component in <see cref="ScoreComponents.All"/>, for switches that must not hash strings.</summary>
public static class ScoreComponentIndex
{
    public const int VolSurge = 0;
    public const int OiDelta = 1;
    public const int AtrQuality = 2;
    public const int Correlation = 3;
    public const int TradesPerMinute = 4;
    public const int GainersMomentum = 5;
}
