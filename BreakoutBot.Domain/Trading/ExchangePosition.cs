namespace BreakoutBot.Domain.Trading;

/// <summary>The exchange's net position on one instrument (one-way mode). <see cref="Quantity"/> is signed: + long, − short.</summary>
public sealed record ExchangePosition(string InstrumentId, decimal Quantity, decimal AverageEntryPrice, decimal UnrealizedPnl, decimal RealizedPnl);
