namespace BreakoutBot.Domain.Presets;

/// <summary>The score component names a preset may weight in <see cref="ScannerConfig.ScoreWeights"/>.</summary>
public static class ScoreComponents
{
    public const string VolSurge = "vol_surge";
    public const string OiDelta = "oi_delta";
    public const string AtrQuality = "atr_quality";
    public const string Correlation = "correlation";
    public const string TradesPerMinute = "trades_per_minute";
    public const string GainersMomentum = "gainers_momentum";

    /// <summary>Every known component, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [VolSurge, OiDelta, AtrQuality, Correlation, TradesPerMinute, GainersMomentum];
}
