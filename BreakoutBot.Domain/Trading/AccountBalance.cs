namespace BreakoutBot.Domain.Trading;

/// <summary>
/// An account in quote currency. <see cref="Cash"/> is the wallet balance (deposits + realised P&amp;L − fees);
/// <see cref="Equity"/> adds unrealised P&amp;L at the last mark price.
/// </summary>
public sealed record AccountBalance(string Currency, decimal Cash, decimal Equity, decimal UnrealizedPnl, decimal RealizedPnl, decimal FeesPaid);
