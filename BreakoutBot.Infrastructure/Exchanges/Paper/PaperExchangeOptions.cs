using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Exchanges.Paper;

/// <summary>
/// Settings of the simulated exchange. Fees and slippage are in basis points of the fill notional / price.
/// </summary>
public sealed class PaperExchangeOptions
{
    public const string SectionName = "Paper";

    /// <summary>Wallet balance at start, in <see cref="Currency"/>.</summary>
    [Range(typeof(decimal), "0.00000001", "1000000000000")]
    public decimal StartingBalance { get; set; } = 10_000m;

    /// <summary>Price concession on every taker fill (market orders and triggered stops): buys higher, sells lower.</summary>
    [Range(typeof(decimal), "0", "1000")]
    public decimal SlippageBps { get; set; } = 2m;

    /// <summary>Fee of taker fills (market orders, triggered stops and take-profits, marketable limits).</summary>
    [Range(typeof(decimal), "0", "1000")]
    public decimal TakerFeeBps { get; set; } = 5m;

    /// <summary>Fee of resting limit orders that are filled by the market.</summary>
    [Range(typeof(decimal), "-1000", "1000")]
    public decimal MakerFeeBps { get; set; } = 2m;

    [Required]
    public string Currency { get; set; } = "USDT";

    /// <summary>
    /// Account-wide leverage of the simple cross-margin model: an order that opens or increases a position is
    /// rejected when the total notional of all positions after the fill, divided by this value, exceeds the
    /// equity after the fill.
    /// </summary>
    [Range(typeof(decimal), "1", "125")]
    public decimal Leverage { get; set; } = 3m;
}
