namespace BreakoutBot.Domain.Presets;

/// <summary>
/// A complete, named set of trading parameters: what to scan, which breakouts to take, how much to risk and how
/// to manage and execute positions. Immutable; derive variants with <c>with</c>. Field meanings follow the original
/// bot's <c>TradingPreset</c> schema; check a preset with <see cref="PresetValidator"/> before trading on it.
/// </summary>
public sealed record TradingPreset
{
    /// <summary>Identifier used to select the preset: lower-case letters, digits and underscores.</summary>
    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>Free text describing the markets the preset is meant for.</summary>
    public required string TargetMarkets { get; init; }

    public required StrategyPriority StrategyPriority { get; init; }

    public required RiskConfig Risk { get; init; }

    public required LiquidityFilters LiquidityFilters { get; init; }

    public required VolatilityFilters VolatilityFilters { get; init; }

    public required SignalConfig SignalConfig { get; init; }

    public required PositionConfig PositionConfig { get; init; }

    public required ScannerConfig ScannerConfig { get; init; }

    public ExecutionConfig ExecutionConfig { get; init; } = new();

    public LevelsRules LevelsRules { get; init; } = new();
}
