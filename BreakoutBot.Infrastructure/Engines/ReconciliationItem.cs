namespace BreakoutBot.Infrastructure.Engines;

/// <summary>One difference found between the engine and the exchange, and what was done about it.</summary>
public sealed record ReconciliationItem(string InstrumentId, string Difference, string Action);
