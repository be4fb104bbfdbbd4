namespace BreakoutBot.Domain.Trading;

/// <summary>A move of a position's stop: when, to which price, and why (breakeven, trailing).</summary>
public sealed record StopMove(DateTimeOffset Time, decimal Price, string Reason);
