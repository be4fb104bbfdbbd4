using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Infrastructure.Presets;

/// <summary>One stored version of a preset with its content, parsed.</summary>
public sealed record PresetVersion(string Name, int Version, TradingPreset Preset, string Json, string? CreatedBy, DateTimeOffset CreatedAt, string? ChangeSummary);
