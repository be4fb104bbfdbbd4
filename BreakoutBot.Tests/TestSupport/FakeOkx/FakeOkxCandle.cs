namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// A bar held by the fake OKX server. <see cref="Time"/> is the open time (UTC). <see cref="Volume"/> is in contracts
/// for SWAP and base currency for SPOT. <see cref="Confirmed"/> false means the bar is still forming.
/// </summary>
public readonly record struct FakeOkxCandle(
    DateTimeOffset Time,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal Volume,
    bool Confirmed = true);
