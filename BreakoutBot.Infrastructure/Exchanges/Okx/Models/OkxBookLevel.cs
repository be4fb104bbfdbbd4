namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>One book level <c>[px, sz, "0", numOrders]</c>; <see cref="Size"/> is contracts for derivatives, base currency for SPOT.</summary>
public readonly record struct OkxBookLevel(decimal Price, decimal Size, int OrderCount);
