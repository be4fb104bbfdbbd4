using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>One run of an engine, from start to stop: the preset version it ran and why it stopped.</summary>
public sealed class EngineRunEntity
{
    public long Id { get; set; }

    public string EngineId { get; set; } = "";

    public string PresetName { get; set; } = "";

    public int? PresetVersion { get; set; }

    public TradingMode Mode { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }

    public string? StopReason { get; set; }

    public EngineInstanceEntity? Engine { get; set; }
}
