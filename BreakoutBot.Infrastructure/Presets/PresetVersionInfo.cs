namespace BreakoutBot.Infrastructure.Presets;

/// <summary>One entry of a preset's version history: who saved it, when, and what changed.</summary>
public sealed record PresetVersionInfo(int Version, string? CreatedBy, DateTimeOffset CreatedAt, string? ChangeSummary);
