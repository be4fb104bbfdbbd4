namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// One fill of a replayed trade with its costs itemised in quote currency: the fee charged, and the half spread and
/// slippage already inside <see cref="Price"/> (ADR-007).
/// </summary>
public sealed record ReplayFill(
    DateTimeOffset Time,
    string Side,
    decimal Quantity,
    decimal Price,
    bool Maker,
    decimal Fee,
    decimal Spread,
    decimal Slippage);
