namespace BreakoutBot.Domain.Trading;

/// <summary>One (partial) exit: how much, at what price, why, the fee and the gross P&amp;L it realised.</summary>
public sealed record PositionExit(DateTimeOffset Time, decimal Quantity, decimal Price, ExitReason Reason, decimal Fee, decimal GrossPnl, string OrderId);
