namespace BreakoutBot.Domain.Trading;

/// <summary>
/// One execution. <see cref="Sequence"/> increases by one per fill on an exchange account so readers can ask for
/// "fills after N". <see cref="Fee"/> is in quote currency and positive when paid.
/// </summary>
public sealed record Fill(
    long Sequence,
    string FillId,
    string OrderId,
    string ClientOrderId,
    string InstrumentId,
    OrderSide Side,
    decimal Quantity,
    decimal Price,
    decimal Fee,
    bool IsMaker,
    DateTimeOffset Time,
    string? Tag = null);
