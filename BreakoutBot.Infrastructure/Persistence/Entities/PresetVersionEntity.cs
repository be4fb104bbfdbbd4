namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>One saved version of a preset: the full JSON body, who saved it, when and what changed. (Name, Version) is unique.</summary>
public sealed class PresetVersionEntity
{
    public long Id { get; set; }

    public string PresetName { get; set; } = "";

    /// <summary>1, 2, 3… per preset.</summary>
    public int Version { get; set; }

    /// <summary>The whole preset as JSON.</summary>
    public string Json { get; set; } = "";

    public string? CreatedByUserId { get; set; }

    public string? CreatedByUserName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? ChangeSummary { get; set; }

    public PresetEntity? Preset { get; set; }
}
