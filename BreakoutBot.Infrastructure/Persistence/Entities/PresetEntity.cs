namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>A named preset; its content lives in <see cref="PresetVersionEntity"/> rows, one per saved version.</summary>
public sealed class PresetEntity
{
    /// <summary>The preset name (primary key), e.g. <c>breakout_v1</c>.</summary>
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>The highest version number saved so far.</summary>
    public int LatestVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PresetVersionEntity> Versions { get; set; } = [];
}
