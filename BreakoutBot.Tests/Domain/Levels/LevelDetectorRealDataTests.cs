using System.Globalization;
using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Domain.Levels;

public sealed class LevelDetectorRealDataTests
{
    private const int WindowBars = 150;

    [Theory]
    [InlineData("BTC-USDT-SWAP")]
    [InlineData("XRP-USDT-SWAP")]
    public void LevelsOnRecordedOkxBarsKeepTheirInvariants(string instrument)
    {
        var folder = SharedData.RequireFolder("data/okx-swap-5m");
        var candles = ReadCandles(Path.Combine(folder, instrument + ".csv"));
        var options = new LevelDetectorOptions();
        var detector = new LevelDetector();
        var windowsWithLevels = 0;

        for (var start = 0; start + WindowBars <= candles.Count; start += 997)
        {
            var slice = candles.Skip(start).Take(WindowBars).ToList();
            var window = new CandleWindow(slice);
            // No ATR given: the detector falls back to the mean bar range.
            var atr = slice.Average(c => (double)(c.High - c.Low));
            var tolerance = options.TouchToleranceAtr * atr;

            var levels = detector.Detect(window, double.NaN, options);

            if (levels.Count > 0)
            {
                windowsWithLevels++;
            }
            for (var i = 0; i < levels.Count; i++)
            {
                var level = levels[i];
                level.Strength.ShouldBeInRange(0.0, 1.0);
                if (i > 0)
                {
                    level.Strength.ShouldBeLessThanOrEqualTo(levels[i - 1].Strength);
                }
                level.FirstTouch.ShouldBeLessThanOrEqualTo(level.LastTouch);
                level.FirstTouch.ShouldBeGreaterThanOrEqualTo(slice[0].Time);
                level.LastTouch.ShouldBeLessThanOrEqualTo(slice[^1].Time);
                (level.BaseHeight is null || level.BaseHeight > 0).ShouldBeTrue();

                // Recount the touches the plain way: one per bar whose high (low) is within the tolerance.
                var touches = slice.Count(c => Math.Abs((double)(level.Type == LevelType.Resistance ? c.High : c.Low) - level.Price) <= tolerance);
                level.TouchCount.ShouldBe(touches);
                level.TouchCount.ShouldBeGreaterThanOrEqualTo(options.MinTouches);

                for (var j = 0; j < i; j++)
                {
                    if (levels[j].Type == level.Type)
                    {
                        Math.Abs(levels[j].Price - level.Price).ShouldBeGreaterThanOrEqualTo(options.MinLevelSeparationAtr * atr);
                    }
                }
            }
        }

        windowsWithLevels.ShouldBeGreaterThan(0);
    }

    private static List<Candle> ReadCandles(string path)
    {
        var candles = new List<Candle>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            var time = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(f[0], CultureInfo.InvariantCulture));
            candles.Add(Candle.Create(
                time,
                decimal.Parse(f[1], CultureInfo.InvariantCulture),
                decimal.Parse(f[2], CultureInfo.InvariantCulture),
                decimal.Parse(f[3], CultureInfo.InvariantCulture),
                decimal.Parse(f[4], CultureInfo.InvariantCulture),
                decimal.Parse(f[5], CultureInfo.InvariantCulture)));
        }
        return candles;
    }
}
