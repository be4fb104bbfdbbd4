namespace BreakoutBot.Domain.Trading;

/// <summary>
/// A protective stop sent in the same request as an entry (OKX <c>attachAlgoOrds</c>): the exchange creates it, as a
/// reduce-only stop-market order for the quantity filled, the moment the entry fills, so a lost answer or a crash right
/// after the entry never leaves a filled position without a stop. <see cref="ClientOrderId"/> is how the engine finds it.
/// </summary>
public sealed record AttachedStop(string ClientOrderId, decimal TriggerPrice);
