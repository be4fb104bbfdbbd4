using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>Read access to one instrument's streaming market state (candles and the indicators kept current per bar).</summary>
public interface IMarketView
{
    Instrument Instrument { get; }

    int CandleCount { get; }

    Candle? LastCandle { get; }

    /// <summary>The last closed bars, oldest first (struct of arrays, doubles).</summary>
    CandleWindow Window { get; }

    /// <summary>ATR(14) of 5-minute bars, Wilder; NaN until ready.</summary>
    double Atr { get; }

    /// <summary>Cumulative VWAP over the bars held.</summary>
    double Vwap { get; }

    /// <summary>Rolling correlation of closes with the benchmark (BTC); 0 when unknown or for the benchmark itself.</summary>
    double BtcCorrelation { get; }

    /// <summary>The real level-2 book; null when the source has none (a replay models liquidity from candles: see <see cref="LiquidityBook"/>).</summary>
    OrderBookSummary? OrderBook { get; }

    /// <summary>The book for spread, depth and sizing: the real one, or where the source has no L2, its model of one.</summary>
    OrderBookSummary? LiquidityBook => OrderBook;

    Ticker? Ticker { get; }

    /// <summary>Chandelier exit levels (highest high − ATR·mult, lowest low + ATR·mult) over the preset's lookback; false until ready.</summary>
    bool TryGetChandelier(out double longStop, out double shortStop);
}
