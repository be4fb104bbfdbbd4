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

    public DateTimeOffset Time { get; set; }

    public bool Forced { get; set; }
}
