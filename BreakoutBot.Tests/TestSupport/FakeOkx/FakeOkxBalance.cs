namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// One currency's balance on the fake OKX server. For USDT, <see cref="Frozen"/> is the margin held by positions and
/// pending orders, <see cref="Equity"/> adds unrealised P&amp;L to the cash balance.
/// </summary>
public sealed record FakeOkxBalance(
    string Currency,
    decimal CashBalance,
    decimal Equity,
    decimal Available,
    decimal Frozen,
    decimal OrderFrozen,
    decimal UnrealizedPnl);
