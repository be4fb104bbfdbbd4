using System.ComponentModel.DataAnnotations;
using BreakoutBot.Domain.Presets;

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

    /// <summary>
    /// Base slippage of every taker fill (market orders, triggered stops and take-profits, marketable limits), on top
    /// of half the spread: buys higher, sells lower. The depth term <see cref="DepthImpactBps"/> comes on top (ADR-007).
    /// </summary>
    [Range(typeof(decimal), "0", "1000")]
    public decimal SlippageBps { get; set; } = 2m;

    /// <summary>Extra slippage, in bps, per unit of order notional over the 0.3 % depth on the side taken (40: an order the size of that depth slips 40 bps more).</summary>
    [Range(typeof(decimal), "0", "10000")]
    public decimal DepthImpactBps { get; set; } = 40m;

    /// <summary>Upper bound of the slippage of one fill (base + depth term), in bps.</summary>
    [Range(typeof(decimal), "0", "10000")]
    public decimal MaxSlippageBps { get; set; } = 100m;

    /// <summary>Spread assumed when no order book is known for the instrument (0: market orders fill at the last price plus slippage).</summary>
    [Range(typeof(decimal), "0", "1000")]
    public decimal DefaultSpreadBps { get; set; }

    /// <summary>
    /// Funding rate of perpetual swaps per funding interval, in bps of the position notional at the mark, used when no
    /// funding series is known: longs pay it and shorts receive it when positive. 1 bp per 8 h is OKX's usual base rate.
    /// </summary>
    [Range(typeof(decimal), "-1000", "1000")]
    public decimal FundingRateBps { get; set; } = 1m;

    /// <summary>Hours between funding settlements, counted from 00:00 UTC (OKX: 8, at 00:00, 08:00 and 16:00).</summary>
    [Range(1, 24)]
    public int FundingIntervalHours { get; set; } = 8;

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

    /// <summary>
    /// A copy of these options with the fees of <paramref name="execution"/> (a preset's <c>execution_config</c>):
    /// a paper account trades at the fees of the preset it runs.
    /// </summary>
    public PaperExchangeOptions WithFees(ExecutionConfig execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var copy = (PaperExchangeOptions)MemberwiseClone();
        copy.TakerFeeBps = (decimal)execution.TakerFeeBps;
        copy.MakerFeeBps = (decimal)execution.MakerFeeBps;
        return copy;
    }
}
