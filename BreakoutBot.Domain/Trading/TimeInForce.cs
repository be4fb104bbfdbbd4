namespace BreakoutBot.Domain.Trading;

/// <summary>How long a limit order may wait for a fill.</summary>
public enum TimeInForce
{
    /// <summary>Rests on the book until filled or cancelled.</summary>
    GoodTillCancel = 0,

    /// <summary>Fills what it can at once at its limit or better; the rest is cancelled (OKX <c>ioc</c>).</summary>
    ImmediateOrCancel = 1,

    /// <summary>
    /// Rests on the book as a maker only: an order that would take liquidity when it arrives is cancelled unfilled
    /// instead (OKX <c>post_only</c>).
    /// </summary>
    PostOnly = 2,
}
