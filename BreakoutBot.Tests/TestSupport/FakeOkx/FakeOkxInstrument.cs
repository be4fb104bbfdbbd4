namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// An instrument the fake OKX server lists and trades. Sizes are in contracts for SWAP and in base currency for SPOT,
/// as on OKX. <see cref="ContractValue"/> is ignored for SPOT.
/// <see cref="State"/> is the listing state OKX reports (live, suspend, preopen, ...).
/// </summary>
public sealed record FakeOkxInstrument(
    string InstType,
    string InstId,
    decimal TickSize,
    decimal LotSize,
    decimal MinSize,
    decimal ContractValue = 1m,
    decimal MaxLeverage = 100m,
    string State = "live")
{
    public bool IsSwap => string.Equals(InstType, "SWAP", StringComparison.Ordinal);

    /// <summary>The coin before the first dash (BTC in BTC-USDT-SWAP).</summary>
    public string BaseCurrency => InstId.Split('-')[0];

    /// <summary>The currency after the first dash (USDT in BTC-USDT-SWAP).</summary>
    public string QuoteCurrency => InstId.Split('-') is { Length: > 1 } parts ? parts[1] : "USDT";

    /// <summary>BTC-USDT-SWAP with the rules of the 2026 production snapshot (ctVal 0.01 BTC, lot and min 0.01, tick 0.1).</summary>
    public static FakeOkxInstrument BtcUsdtSwap { get; } = new("SWAP", "BTC-USDT-SWAP", 0.1m, 0.01m, 0.01m, 0.01m);

    /// <summary>ETH-USDT-SWAP (ctVal 0.1 ETH, lot and min 0.01, tick 0.01).</summary>
    public static FakeOkxInstrument EthUsdtSwap { get; } = new("SWAP", "ETH-USDT-SWAP", 0.01m, 0.01m, 0.01m, 0.1m);

    /// <summary>BTC-USDT spot (tick 0.1, lot 0.00000001, min 0.00001 BTC).</summary>
    public static FakeOkxInstrument BtcUsdtSpot { get; } = new("SPOT", "BTC-USDT", 0.1m, 0.00000001m, 0.00001m, 1m, 10m);
}
