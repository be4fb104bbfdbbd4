using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>One change of an engine's state machine: from, to, why, extra context (JSON), when, and whether it was forced.</summary>
public sealed class StateTransitionEntity
{
    public long Id { get; set; }

    public string EngineId { get; set; } = "";

    public TradingState From { get; set; }

    public TradingState To { get; set; }

    public string Reason { get; set; } = "";

    public string MetadataJson { get; set; } = "{}";

    /// <summary>When the engine made the change, on the engine's clock (market time in a replay).</summary>
    public DateTimeOffset Time { get; set; }

    /// <summary>When the row was written, on the portal's wall clock (retention goes by this); null for rows written before it existed.</summary>
    public DateTimeOffset? WrittenAt { get; set; }

    public bool Forced { get; set; }
}
