namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>
/// One funding settlement of an open swap position: <see cref="Amount"/> = quantity · mark · rate, paid when positive
/// (a long at a positive rate) and received when negative. <see cref="Source"/> says where the rate came from.
/// </summary>
public sealed record PaperFundingPayment(
    string InstrumentId,
    DateTimeOffset Time,
    decimal PositionQuantity,
    decimal MarkPrice,
    decimal RateBps,
    decimal Amount,
    string Source);
