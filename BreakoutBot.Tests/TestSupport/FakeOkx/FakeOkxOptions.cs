namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>How a <see cref="FakeOkxServer"/> behaves: the one key set it accepts, its clock and its timings.</summary>
public sealed class FakeOkxOptions
{
    public string ApiKey { get; set; } = "fake-okx-api-key";
    public string SecretKey { get; set; } = "fake-okx-secret-key";
    public string Passphrase { get; set; } = "fake-okx-passphrase";

    /// <summary>True when the key is a demo-trading key: private REST calls must carry <c>x-simulated-trading: 1</c>.</summary>
    public bool IsDemo { get; set; } = true;

    /// <summary>The server's clock: request timestamps, order times and candle times use it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Largest allowed difference between a request timestamp and the server clock (OKX: 30 s).</summary>
    public TimeSpan MaxTimestampSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A WebSocket with no message from the client for this long is closed with code 4004 (OKX: 30 s).</summary>
    public TimeSpan WsSilenceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a <see cref="FakeOkxFault.Timeout"/> request is held before the connection is aborted.</summary>
    public TimeSpan TimeoutFaultDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Starting USDT cash balance.</summary>
    public decimal InitialUsdtBalance { get; set; } = 10_000m;

    /// <summary>Taker fee rate (market orders, marketable limits, triggered algos).</summary>
    public decimal TakerFeeRate { get; set; } = 0.0005m;

    /// <summary>Maker fee rate (resting limit orders).</summary>
    public decimal MakerFeeRate { get; set; } = 0.0002m;

    /// <summary>Leverage of an instrument until set-leverage changes it.</summary>
    public decimal DefaultLeverage { get; set; } = 10m;

    /// <summary>Position mode reported by account/config until set-position-mode changes it.</summary>
    public string PositionMode { get; set; } = "net_mode";

    /// <summary>Size shown at each order-book level (contracts for SWAP, base for SPOT).</summary>
    public decimal BookLevelSize { get; set; } = 100m;

    /// <summary>Adds BTC-USDT-SWAP and ETH-USDT-SWAP with typical rules at start.</summary>
    public bool AddTypicalSwaps { get; set; }
}
