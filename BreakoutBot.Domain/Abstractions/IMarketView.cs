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

    /// <summary>
    /// The ticker's last trade price when it is newer than the close of <see cref="LastCandle"/> (a live source between
    /// bar closes), else null: a replay's ticker is its bar's close at the bar's close time, so a replay never has one.
    /// </summary>
    decimal? LiveLastPrice => Ticker is { } t ? LiveLast(LastCandle, t.Last, t.Time) : null;

    /// <summary><paramref name="last"/> at <paramref name="time"/> when it is a price and newer than <paramref name="bar"/>'s close, else null.</summary>
    static decimal? LiveLast(Candle? bar, decimal last, DateTimeOffset time) =>
        last > 0 && (bar is not { } b || time > b.CloseTime) ? last : null;

    /// <summary>Chandelier exit levels (highest high − ATR·mult, lowest low + ATR·mult) over the preset's lookback; false until ready.</summary>
    bool TryGetChandelier(out double longStop, out double shortStop);
}
