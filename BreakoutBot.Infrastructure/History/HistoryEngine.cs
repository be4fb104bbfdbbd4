namespace BreakoutBot.Infrastructure.History;

/// <summary>An engine the caller may pick in the history filters.</summary>
public sealed record HistoryEngine(string Id, string Name, string OwnerId);
