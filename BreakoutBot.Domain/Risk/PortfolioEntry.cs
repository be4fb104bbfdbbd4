using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Risk;

/// <summary>One open position as risk sees it.</summary>
public sealed record PortfolioEntry(string InstrumentId, PositionSide Side, decimal Notional, double BtcCorrelation);
