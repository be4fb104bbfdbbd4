namespace BreakoutBot.Infrastructure.Engines;

/// <summary>One point of an engine's equity curve, at market (bar) time.</summary>
public readonly record struct EquitySample(DateTimeOffset Time, decimal Equity);
