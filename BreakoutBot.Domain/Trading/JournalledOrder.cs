namespace BreakoutBot.Domain.Trading;

/// <summary>
/// An order the engine recorded in its order journal before sending it (the journal is written directly, not behind):
/// its client id, the exchange's order id when the answer was recorded too, and the tag the engine gave it (which names
/// the position and the order's purpose, <see cref="Positions.OrderTag"/>). Read back after a restart to link orders
/// whose link to their position was not stored.
/// </summary>
public sealed record JournalledOrder(string ClientOrderId, string? OrderId, string? Tag);
