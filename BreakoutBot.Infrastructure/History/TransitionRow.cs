using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.History;

/// <summary>An engine state-machine transition as listed in the history.</summary>
public sealed record TransitionRow(
    string EngineId,
    TradingState From,
    TradingState To,
    string Reason,
    bool Forced,
    string MetadataJson,
    DateTimeOffset Time);
