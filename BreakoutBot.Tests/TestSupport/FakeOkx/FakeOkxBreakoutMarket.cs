using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// A live-shaped market on the fake OKX that the breakout strategy enters at once, for whole-portal tests of an engine
/// trading on OKX in real time: BTC (the benchmark) and ETH range for <see cref="HistoryBars"/> 5-minute bars, ETH under a
/// resistance at <see cref="Resistance"/> it touched again and again; its last closed bar (the one that closed at the
/// latest 5-minute boundary, so the data is fresh) breaks out above it on six times the usual volume with a full body.
/// The fake's price stands at that close, tickers report large volume and open interest, and <see cref="Preset"/> is a
/// permissive preset under which only the breakout itself decides. The engine goes long ETH at about
/// <see cref="BreakoutClose"/> with its stop attached below the level; the price then stays put, so nothing fills further.
/// </summary>
internal static class FakeOkxBreakoutMarket
{
    public const string Btc = "BTC-USDT-SWAP";
    public const string Eth = "ETH-USDT-SWAP";
    public const string PresetName = "fake_okx_breakout";
    public const decimal Resistance = 3060m;
    public const decimal BreakoutClose = 3090m;
    public const int HistoryBars = 360;
    private static readonly TimeSpan Bar = TimeSpan.FromMinutes(5);

    /// <summary>Adds the two swaps (when not listed yet), their candles up to the last 5-minute boundary before <paramref name="now"/>, prices, volume and open interest.</summary>
    public static void Load(FakeOkxServer okx, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(okx);
        if (!okx.Options.AddTypicalSwaps)
        {
            okx.AddTypicalSwaps();
        }
        var lastClose = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Bar.Ticks), TimeSpan.Zero);
        var firstOpen = lastClose - (HistoryBars * Bar);
        okx.AddCandles(Eth, "5m", Range(firstOpen, 3005m, 50m, 12, Resistance, breakout: true));
        okx.AddCandles(Btc, "5m", Range(firstOpen, 49_800m, 300m, 17, 50_150m, breakout: false));
        okx.SetPrice(Eth, BreakoutClose);
        okx.SetPrice(Btc, 49_800m);
        okx.SetVolume24h(Eth, 1_000_000m);
        okx.SetVolume24h(Btc, 100_000m);
        okx.SetOpenInterest(Eth, 5_000_000m);
        okx.SetOpenInterest(Btc, 5_000_000m);
    }

    /// <summary>
    /// A triangle wave from <paramref name="low"/> up by <paramref name="height"/> and back every <paramref name="period"/>
    /// bars, each peak's high exactly at <paramref name="ceiling"/>; with <paramref name="breakout"/> the last bar opens
    /// just under the ceiling and closes at <see cref="BreakoutClose"/> on six times the volume.
    /// </summary>
    private static List<FakeOkxCandle> Range(DateTimeOffset firstOpen, decimal low, decimal height, int period, decimal ceiling, bool breakout)
    {
        var bars = new List<FakeOkxCandle>(HistoryBars);
        var previous = low;
        for (var i = 0; i < HistoryBars; i++)
        {
            var time = firstOpen + (i * Bar);
            var volume = 1_000m + (i * 37 % 200);
            if (breakout && i == HistoryBars - 1)
            {
                bars.Add(new FakeOkxCandle(time, ceiling - 5m, BreakoutClose + 2m, ceiling - 6m, BreakoutClose, volume * 6m));
                break;
            }
            var phase = i % period;
            var half = period / 2m;
            var up = phase <= half ? phase / half : (period - phase) / half;
            var close = Math.Round(low + (height * up), 2);
            var open = previous;
            var high = phase == period / 2 ? ceiling : Math.Min(ceiling - 1m, Math.Max(open, close) + 3m);
            var bottom = Math.Min(open, close) - 3m;
            bars.Add(new FakeOkxCandle(time, open, Math.Max(high, Math.Max(open, close)), bottom, close, volume));
            previous = close;
        }
        return bars;
    }

    /// <summary>breakout_v1_relaxed with its liquidity, volatility and correlation filters opened up and no order-book lean required (the fake's book is symmetric).</summary>
    public static TradingPreset Preset()
    {
        var relaxed = PresetCatalog.Get("breakout_v1_relaxed");
        return relaxed with
        {
            Name = PresetName,
            Risk = relaxed.Risk with { CorrelationLimit = 1 },
            LiquidityFilters = relaxed.LiquidityFilters with
            {
                Min24hVolumeUsd = 1_000m, MinOiUsd = null, MaxSpreadBps = 100, MinDepthUsd05Pct = 100m, MinDepthUsd03Pct = 100m, MinTradesPerMinute = 0,
            },
            VolatilityFilters = relaxed.VolatilityFilters with
            {
                AtrRangeMin = 0, AtrRangeMax = 1, BbWidthPercentileMax = 1_000, VolumeSurge1hMin = 0, VolumeSurge5mMin = 0, OiDeltaThreshold = null,
            },
            SignalConfig = relaxed.SignalConfig with { L2ImbalanceThreshold = 0 },
        };
    }
}
