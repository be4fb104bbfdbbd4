using BreakoutBot.Domain.Indicators;

namespace BreakoutBot.Tests.Domain.Indicators;

/// <summary>The indicators sit on the engine's hot path: after construction, updating and reading must not allocate.</summary>
public sealed class IndicatorAllocationTests
{
    [Fact]
    public void UpdatingAndReadingEveryIndicatorDoesNotAllocate()
    {
        var set = new IndicatorSet();
        set.Run(2_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var checksum = set.Run(20_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.ShouldBe(0, $"bytes allocated over 20,000 bars (checksum {checksum})");
    }

    private sealed class IndicatorSet
    {
        private readonly SummedRing _ring = new(150);
        private readonly Sma _sma = new(20);
        private readonly Ema _ema = new(20);
        private readonly Atr _atr = new(14);
        private readonly Bollinger _bollinger = new(20, 2);
        private readonly Donchian _donchian = new(20, includeCurrentBar: false);
        private readonly Vwap _vwap = new();
        private readonly RollingVwap _rollingVwap = new(20);
        private readonly Rsi _rsi = new(14);
        private readonly RollingCorrelation _correlation = new(20);
        private readonly VolumeSurge _surge = new();
        private readonly SwingDetector _swings = new();
        private readonly ChandelierExit _chandelier = new();
        private readonly AtrTrailingStop _trailing = new();
        private long _bar;

        public double Run(int bars)
        {
            var checksum = 0d;
            for (var i = 0; i < bars; i++)
            {
                var t = _bar++;
                var close = 100 + (10 * Math.Sin(t * 0.05)) + (t % 7 * 0.1);
                var high = close + 0.5 + (t % 3 * 0.1);
                var low = close - 0.5 - (t % 5 * 0.1);
                var volume = t % 50 == 0 ? 0 : 1_000 + (t % 13 * 37);
                _ring.Add(close);
                checksum += _ring[0] + _ring.Sum;
                checksum += _sma.Update(close) + _ema.Update(close) + _atr.Update(high, low, close);
                _bollinger.Update(close);
                checksum += _bollinger.Upper + _bollinger.PercentB + _bollinger.WidthPct;
                _donchian.Update(high, low);
                checksum += _donchian.Upper + _donchian.Lower;
                checksum += _vwap.Update(high, low, close, volume) + _rollingVwap.Update(high, low, close, volume);
                checksum += _rsi.Update(close) + _correlation.Update(close, high);
                _surge.Update(volume);
                checksum += _surge.Surge5m + _surge.Surge1h;
                _swings.Update(high, low, t);
                if (_swings.LastSwingHigh is { } swing)
                {
                    checksum += swing.Price;
                }
                _chandelier.Update(high, low, close);
                _trailing.Update(high, low, close);
                checksum += _chandelier.LongStop + _trailing.Stop;
            }
            return checksum;
        }
    }
}
