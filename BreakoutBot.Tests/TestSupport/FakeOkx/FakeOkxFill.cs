namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>One trade of an order on the fake OKX server. <see cref="Fee"/> is negative when charged.</summary>
public sealed record FakeOkxFill(
    string TradeId,
    string BillId,
    string OrdId,
    string ClOrdId,
    string InstType,
    string InstId,
    string Side,
    decimal Price,
    decimal Size,
    decimal Fee,
    string FeeCurrency,
    decimal Pnl,
    decimal FeeRate,
    bool IsTaker,
    DateTimeOffset Time);
