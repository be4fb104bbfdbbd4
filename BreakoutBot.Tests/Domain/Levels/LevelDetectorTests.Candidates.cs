using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Tests.Domain.Levels;

/// <summary>The candidates a detection proposes and groups: swings, Donchian channels, volume bars, touches (each against a plain scan).</summary>
public sealed partial class LevelDetectorTests
{
    [Fact]
    public void SwingsAreStrictSoAFlatTopIsNotASwingHigh()
    {
        // Bar 4 of every swing reaches the top too: bar 5 is no longer strictly above its neighbours.
        var flat = Rebuild(new LevelSeries().AddRange(6, 99, 101), i => i % 10 == 4 ? (100.7, 101.0, 100.5, 100.8) : null);

        var level = Single(new LevelDetector().Detect(flat.Window(), RangeAtr, Defaults), LevelType.Resistance, 101.0);

        level.TouchCount.ShouldBe(12);
        level.Sources.HasFlag(LevelSource.Swing).ShouldBeFalse();
        level.Sources.HasFlag(LevelSource.Donchian).ShouldBeTrue();
    }

    [Fact]
    public void ProposesTheHighAndLowOfBarsAtOrAboveTheInterpolatedVolumePercentile()
    {
        // 48 bars trade 1000 and 12 trade 2000. The 79th percentile is 1000 (every bar proposes its high and low);
        // the 80th interpolates to 1200 (only the range extremes do). Bars 4 and 6 of each swing have highs at 100.75.
        var window = new LevelSeries().AddRange(6, 99, 101).Window();
        var options = Defaults with { MinLevelSeparationAtr = 0 };
        var detector = new LevelDetector();

        var everyBar = detector.Detect(window, RangeAtr, options with { VolumePercentile = 0.79 });
        var extremesOnly = detector.Detect(window, RangeAtr, options with { VolumePercentile = 0.80 });

        var inner = Single(everyBar, LevelType.Resistance, 100.75);
        inner.Sources.ShouldBe(LevelSource.Volume);
        inner.TouchCount.ShouldBe(12);
        extremesOnly.ShouldNotContain(l => l.Type == LevelType.Resistance && Math.Abs(l.Price - 100.75) < 0.1);
    }

    [Theory]
    [InlineData(0.85)]
    [InlineData(0.5)]
    [InlineData(0.0)]
    [InlineData(0.97)]
    public void VolumeLevelsAreTheBarsAtOrAboveThePercentileOfASortedCopyForAnyWindowLength(double percentile)
    {
        // The percentile's two order statistics are found by a selection, not a sort: every window length from 20 to 300
        // bars against numpy's interpolation between closest ranks of a sorted copy, with volumes drawn from few values
        // (long runs of equal volumes, zero-volume bars among them) or from many. Each candidate is its own level (a
        // tolerance far below the price steps, one touch, no separation); no Donchian period fits and no swing can occur.
        var options = Defaults with
        {
            VolumePercentile = percentile,
            DonchianPeriods = [500],
            SwingLeft = 400,
            MinTouches = 1,
            TouchToleranceAtr = 1e-9,
            MinLevelSeparationAtr = 0,
        };
        var random = new Random(20261209 + (int)(percentile * 100));
        var detector = new LevelDetector();
        var barsSeen = 0;
        for (var length = 20; length <= 300; length += 7)
        {
            var fewValues = length % 2 == 0;
            var series = new LevelSeries();
            for (var bar = 0; bar < length; bar++)
            {
                // Every bar its own high and low, so a level's price names its bar.
                var volume = fewValues ? 100.0 * random.Next(0, 4) : random.NextDouble() * 1e6;
                series.Add(10_000 + bar, 10_000.5 + bar, 9_999.5 - bar, 10_000 + bar, volume);
            }
            var volumes = series.Candles.Select(c => (double)c.Volume).ToArray();
            var sorted = volumes.Order().ToArray();
            var rank = percentile * (length - 1);
            var lower = (int)Math.Floor(rank);
            var threshold = sorted[lower] + ((sorted[Math.Min(lower + 1, length - 1)] - sorted[lower]) * (rank - lower));
            var expected = Enumerable.Range(0, length).Where(i => volumes[i] >= threshold).ToList();

            var levels = detector.Detect(series.Window(), 1.0, options);

            var highs = levels.Where(l => l.Type == LevelType.Resistance && l.Sources.HasFlag(LevelSource.Volume)).Select(l => l.Price).Order();
            var lows = levels.Where(l => l.Type == LevelType.Support && l.Sources.HasFlag(LevelSource.Volume)).Select(l => l.Price).OrderDescending();
            highs.ShouldBe(expected.Select(i => 10_000.5 + i), $"length {length}, highs");
            lows.ShouldBe(expected.Select(i => 9_999.5 - i), $"length {length}, lows");
            barsSeen += expected.Count;
        }

        barsSeen.ShouldBeGreaterThan(300);
    }

    [Theory]
    [InlineData(0.25, 0.75)]
    [InlineData(0.1, 0.3)]
    public void GroupsCandidatesAsAScanOfTheSortedPricesAndAveragesThemInTheOrderProposed(double step, double tolerance)
    {
        // Candidates are grouped without sorting them. Against the definition: sort the prices, start a group at the
        // lowest, keep adding while price − anchor ≤ tolerance, start the next group at the first price beyond. Every
        // bar's high and low is a candidate here (the 0th volume percentile; no Donchian period fits, no swing can occur),
        // a repeat of the previous bar's high raises that candidate's weight, and the level's price is the weighted mean
        // summed in bar order, compared to the last bit. On a quarter grid with a tolerance of three quarters many members
        // lie exactly at the tolerance; on a grid of tenths the sums round, so their order shows. Lengths 20-150 give every
        // remainder of the vectorised minimum.
        var options = Defaults with
        {
            VolumePercentile = 0,
            DonchianPeriods = [500],
            SwingLeft = 400,
            MinTouches = 1,
            TouchToleranceAtr = tolerance,
            MinLevelSeparationAtr = 0,
            PreferRoundNumbers = false,
        };
        var random = new Random(20261210);
        var detector = new LevelDetector();
        var groupsSeen = 0;
        for (var length = 20; length <= 150; length++)
        {
            var series = new LevelSeries();
            var highs = new double[length];
            for (var bar = 0; bar < length; bar++)
            {
                highs[bar] = bar > 0 && random.Next(4) == 0 ? highs[bar - 1] : 100 + (step * random.Next(0, 40));
                series.Add(highs[bar] - 0.5, highs[bar], highs[bar] - 1, highs[bar] - 0.5, 1000);
            }

            // The candidates as proposed: bar order, a repeat of the previous price adds to its weight.
            var proposed = new List<(double Price, int Weight)>();
            foreach (var high in highs)
            {
                if (proposed.Count > 0 && proposed[^1].Price == high)
                {
                    proposed[^1] = (high, proposed[^1].Weight + 1);
                }
                else
                {
                    proposed.Add((high, 1));
                }
            }
            var sorted = proposed.Select(c => c.Price).Order().ToList();
            var anchors = new List<double>();
            foreach (var price in sorted)
            {
                if (anchors.Count == 0 || price - anchors[^1] > tolerance)
                {
                    anchors.Add(price);
                }
            }
            var expected = anchors.Select(a =>
            {
                var sum = 0.0;
                var weight = 0;
                foreach (var (price, w) in proposed.Where(c => c.Price >= a && c.Price - a <= tolerance))
                {
                    sum += price * w;
                    weight += w;
                }
                return sum / weight;
            }).ToList();

            var levels = detector.Detect(series.Window(), 1.0, options);

            levels.Where(l => l.Type == LevelType.Resistance).Select(l => l.Price).Order().ToList().ShouldBe(expected, $"length {length}");
            groupsSeen += expected.Count;
        }

        groupsSeen.ShouldBeGreaterThan(500);
    }

    [Fact]
    public void TouchesFirstAndLastTouchAreTheBarsWithinTheToleranceForAnyWindowLength()
    {
        // Random walks of every length from 20 to 83 bars (the searches work in blocks of four bars, so every remainder
        // and touches in the first and last bars are covered; one touch is enough, so single touches at either end occur),
        // checked against a plain scan of the window.
        var options = Defaults with { MinTouches = 1 };
        var random = new Random(20261206);
        var detector = new LevelDetector();
        var checkedLevels = 0;
        for (var length = 20; length < 84; length++)
        {
            var series = new LevelSeries();
            var price = 100.0;
            for (var bar = 0; bar < length; bar++)
            {
                var next = price + ((random.NextDouble() - 0.5) * 2);
                series.Add(price, Math.Max(price, next) + (random.NextDouble() * 0.5), Math.Min(price, next) - (random.NextDouble() * 0.5), next, 1000 + (random.NextDouble() * 1000));
                price = next;
            }
            var atr = 0.2 + random.NextDouble();
            var tolerance = options.TouchToleranceAtr * atr;

            foreach (var level in detector.Detect(series.Window(), atr, options))
            {
                var touching = series.Candles
                    .Select((c, i) => (Bar: i, Edge: (double)(level.Type == LevelType.Resistance ? c.High : c.Low)))
                    .Where(x => Math.Abs(x.Edge - level.Price) <= tolerance)
                    .Select(x => x.Bar)
                    .ToList();
                level.TouchCount.ShouldBe(touching.Count, $"length {length}, {level.Type} {level.Price}");
                level.FirstTouch.ShouldBe(LevelSeries.TimeOf(touching[0]), $"length {length}, {level.Type} {level.Price}");
                level.LastTouch.ShouldBe(LevelSeries.TimeOf(touching[^1]), $"length {length}, {level.Type} {level.Price}");
                checkedLevels++;
            }
        }

        checkedLevels.ShouldBeGreaterThan(100);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 1)]
    [InlineData(1, 4)]
    public void SwingLevelsAreTheStrictFractalsOfAPlainScanForAnyWindowLength(int left, int right)
    {
        // Swings are found four bars at a time where the hardware allows: every window length from 20 to 83 bars (every
        // remainder, swings in the first and last bars the rule can reach) against a plain scan. A tolerance far below the
        // price steps keeps each candidate its own level, one touch and no separation keep every one, no Donchian period
        // fits the window, and only the single loudest bar is a volume candidate.
        var options = Defaults with
        {
            SwingLeft = left,
            SwingRight = right,
            MinTouches = 1,
            TouchToleranceAtr = 1e-9,
            MinLevelSeparationAtr = 0,
            DonchianPeriods = [500],
            VolumePercentile = 1,
        };
        var random = new Random(20261207 + (10 * left) + right);
        var detector = new LevelDetector();
        var swingsSeen = 0;
        for (var length = 20; length < 84; length++)
        {
            // Prices on a coarse grid, so equal neighbouring highs (not swings: the rule is strict) occur too.
            var (series, high, low) = GridSeries(random, length, spread: 20, wick: 3);
            var expectedHighs = new SortedSet<double>();
            var expectedLows = new SortedSet<double>();
            for (var i = left; i < length - right; i++)
            {
                var neighbours = Enumerable.Range(i - left, left + right + 1).Where(j => j != i).ToList();
                if (neighbours.All(j => high[j] < high[i]))
                {
                    expectedHighs.Add(high[i]);
                }
                if (neighbours.All(j => low[j] > low[i]))
                {
                    expectedLows.Add(low[i]);
                }
            }

            var levels = detector.Detect(series.Window(), 1.0, options);

            PricesFrom(levels, LevelType.Resistance, LevelSource.Swing).ShouldBe(expectedHighs, $"length {length}, highs");
            PricesFrom(levels, LevelType.Support, LevelSource.Swing).ShouldBe(expectedLows, $"length {length}, lows");
            swingsSeen += expectedHighs.Count + expectedLows.Count;
        }

        swingsSeen.ShouldBeGreaterThan(200);
    }

    [Theory]
    [InlineData(2, 10)]
    [InlineData(5, 3)]
    [InlineData(10, 10)]
    [InlineData(30, 1)]
    [InlineData(7, 40)]
    public void DonchianLevelsAreEachLookBackBarsChannelForAnyWindowLength(int period, int lookback)
    {
        // The channel is computed four bars at a time where the hardware allows (short look-backs), by a sliding loop
        // otherwise: every window length from 20 to 83 bars against the plain maximum and minimum of each bar's period.
        // Each candidate is its own level (a tolerance far below the price steps, one touch, no separation); swings
        // cannot occur (no bar has that many neighbours) and only the single loudest bar is a volume candidate.
        var options = Defaults with
        {
            DonchianPeriods = [period],
            DonchianLookbackBars = lookback,
            SwingLeft = 100,
            MinTouches = 1,
            TouchToleranceAtr = 1e-9,
            MinLevelSeparationAtr = 0,
            VolumePercentile = 1,
        };
        var random = new Random(20261208 + period + (100 * lookback));
        var detector = new LevelDetector();
        var valuesSeen = 0;
        for (var length = 20; length < 84; length++)
        {
            var (series, high, low) = GridSeries(random, length, spread: 30, wick: 4);
            var expectedUppers = new SortedSet<double>();
            var expectedLowers = new SortedSet<double>();
            for (var i = Math.Max(length - lookback, period - 1); i < length; i++)
            {
                expectedUppers.Add(high[(i - period + 1)..(i + 1)].Max());
                expectedLowers.Add(low[(i - period + 1)..(i + 1)].Min());
            }

            var levels = detector.Detect(series.Window(), 1.0, options);

            PricesFrom(levels, LevelType.Resistance, LevelSource.Donchian).ShouldBe(expectedUppers, $"length {length}, uppers");
            PricesFrom(levels, LevelType.Support, LevelSource.Donchian).ShouldBe(expectedLowers, $"length {length}, lowers");
            valuesSeen += expectedUppers.Count + expectedLowers.Count;
        }

        valuesSeen.ShouldBeGreaterThan(100);
    }

    /// <summary>Random bars on a grid of whole prices around 100 (open and close within ±spread, wicks up to wick − 1).</summary>
    private static (LevelSeries Series, double[] High, double[] Low) GridSeries(Random random, int length, int spread, int wick)
    {
        var series = new LevelSeries();
        for (var bar = 0; bar < length; bar++)
        {
            var open = 100 + random.Next(-spread, spread + 1);
            var close = 100 + random.Next(-spread, spread + 1);
            series.Add(open, Math.Max(open, close) + random.Next(0, wick), Math.Min(open, close) - random.Next(0, wick), close, 1000 + bar);
        }
        return (series, series.Candles.Select(c => (double)c.High).ToArray(), series.Candles.Select(c => (double)c.Low).ToArray());
    }

    /// <summary>The prices of the levels of one type that a source proposed (alone or with others).</summary>
    private static SortedSet<double> PricesFrom(IReadOnlyList<TradingLevel> levels, LevelType type, LevelSource source) =>
        new(levels.Where(l => l.Type == type && l.Sources.HasFlag(source)).Select(l => l.Price));
}
