namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>How <see cref="OkxExchangeClient"/> trades: its name, margin mode, which instruments it loads, its currency.</summary>
public sealed class OkxExchangeClientOptions
{
    /// <summary>Shown in logs and on the status page: "okx-demo" for demo trading keys, "okx" for live ones.</summary>
    public string Name { get; set; } = "okx-demo";

    /// <summary><c>tdMode</c> of SWAP orders: cross or isolated (SPOT orders always use cash).</summary>
    public string TradeMode { get; set; } = "cross";

    /// <summary>Also load SPOT instruments at <see cref="OkxExchangeClient.InitializeAsync"/> (linear SWAPs are always loaded).</summary>
    public bool IncludeSpot { get; set; }

    /// <summary>The account currency of <see cref="OkxExchangeClient.GetBalanceAsync"/>.</summary>
    public string Currency { get; set; } = "USDT";

    /// <summary>How many pages of 100 fills one poll may walk back when it sees only new fills.</summary>
    public int MaxFillPages { get; set; } = 10;

    /// <summary>How many converted fills are kept in memory for <see cref="OkxExchangeClient.GetFillsAsync"/>.</summary>
    public int MaxFillsKept { get; set; } = 5_000;
}
