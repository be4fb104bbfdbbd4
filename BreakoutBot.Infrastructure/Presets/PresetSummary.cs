namespace BreakoutBot.Infrastructure.Presets;

/// <summary>One row of the preset list: its owner, the latest version and who saved it when.</summary>
public sealed record PresetSummary(string Name, string? Description, int LatestVersion, string? UpdatedBy, DateTimeOffset UpdatedAt, PresetOwner Owner);
