using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Tests.Domain.Levels;

public sealed class LevelDetectorTests
{
    // AddRange swings of width 2 keep every non-extreme high/low at least 0.25 from the range edges, so with
    // ATR 0.4 (touch tolerance 0.2) only the extreme bars touch the top and bottom.
    private const double RangeAtr = 0.4;

    private static readonly LevelDetectorOptions Defaults = new();

    [Fact]
    public void FindsResistanceAtRangeTopAndSupportAtRangeBottomWithOneTouchPerSwing()
    {
        var series = new LevelSeries().AddRange(6, 99, 101);

        var levels = new LevelDetector().Detect(series.Window(), RangeAtr, Defaults);

        var resistance = Single(levels, LevelType.Resistance, 101.0);
        resistance.Price.ShouldBe(101.0, 1e-9);
        resistance.TouchCount.ShouldBe(6);
        resistance.FirstTouch.ShouldBe(LevelSeries.TimeOf(5));
        resistance.LastTouch.ShouldBe(LevelSeries.TimeOf(55));
        resistance.Sources.ShouldBe(LevelSource.Donchian | LevelSource.Swing | LevelSource.Volume);

        var support = Single(levels, LevelType.Support, 99.0);
        support.Price.ShouldBe(99.0, 1e-9);
        support.TouchCount.ShouldBe(6);
        support.FirstTouch.ShouldBe(LevelSeries.TimeOf(0));
        support.LastTouch.ShouldBe(LevelSeries.TimeOf(50));
    }

    [Fact]
    public void RejectsLevelsWithFewerTouchesThanMinTouches()
    {
        // Two swings: the top and the bottom are touched twice each.
        var window = new LevelSeries().AddRange(2, 99, 101).Window();
        var detector = new LevelDetector();

        var strict = detector.Detect(window, RangeAtr, Defaults);
        var lenient = detector.Detect(window, RangeAtr, Defaults with { MinTouches = 2 });

        strict.ShouldNotContain(l => Math.Abs(l.Price - 101.0) <= 0.2 && l.Type == LevelType.Resistance);
        strict.ShouldNotContain(l => Math.Abs(l.Price - 99.0) <= 0.2 && l.Type == LevelType.Support);
        strict.ShouldAllBe(l => l.TouchCount >= 3);
        Single(lenient, LevelType.Resistance, 101.0).TouchCount.ShouldBe(2);
        Single(lenient, LevelType.Support, 99.0).TouchCount.ShouldBe(2);
    }

    [Fact]
    public void MergesCandidatesWithinHalfAnAtrIntoOneLevelAtTheirMean()
    {
        var series = new LevelSeries();
        for (var c = 0; c < 6; c++)
        {
            series.AddRange(1, 99, c % 2 == 0 ? 101.0 : 101.1);
        }
        var window = series.Window();
        var detector = new LevelDetector();
        var noSeparation = Defaults with { MinLevelSeparationAtr = 0 };

        // Tolerance 0.2: the 101.0 and 101.1 tops are one level touched by all six swings.
        var merged = detector.Detect(window, RangeAtr, noSeparation)
            .Where(l => l.Type == LevelType.Resistance && l.Price > 100.9 && l.Price < 101.2).ToList();
        merged.Count.ShouldBe(1);
        merged[0].Price.ShouldBeGreaterThan(101.0);
        merged[0].Price.ShouldBeLessThan(101.1);
        merged[0].TouchCount.ShouldBe(6);

        // Tolerance 0.05: the two tops stay apart, three touches each.
        var apart = detector.Detect(window, 0.1, noSeparation)
            .Where(l => l.Type == LevelType.Resistance && l.Price > 100.9 && l.Price < 101.2)
            .OrderBy(l => l.Price).ToList();
        apart.Count.ShouldBe(2);
        apart[0].Price.ShouldBe(101.0, 1e-9);
        apart[1].Price.ShouldBe(101.1, 1e-9);
        apart.ShouldAllBe(l => l.TouchCount == 3);
    }

    [Fact]
    public void DropsTheWeakerOfTwoSameTypeLevelsCloserThanTheSeparation()
    {
        var series = new LevelSeries();
        double[] tops = [101.0, 101.5, 101.0, 101.5, 101.0, 101.5, 101.0];
        foreach (var top in tops)
        {
            series.AddRange(1, 99, top);
        }
        var window = series.Window();
        var detector = new LevelDetector();
        // Without bonuses, so that strengths do not depend on which other levels survive.
        var options = Defaults with { PreferRoundNumbers = false, CascadeRadiusBps = 0 };

        var all = detector.Detect(window, RangeAtr, options with { MinLevelSeparationAtr = 0 });
        var low = Single(all, LevelType.Resistance, 101.0);
        var high = Single(all, LevelType.Resistance, 101.5);
        low.Strength.ShouldNotBe(high.Strength);
        var stronger = low.Strength > high.Strength ? low : high;
        var weaker = low.Strength > high.Strength ? high : low;

        // 0.5 apart, separation 2·0.4 = 0.8: only the stronger survives; the support is of another type and stays.
        var separated = detector.Detect(window, RangeAtr, options);
        separated.ShouldContain(stronger);
        separated.ShouldNotContain(l => l.Type == LevelType.Resistance && Math.Abs(l.Price - weaker.Price) < 1e-9);
        separated.ShouldContain(l => l.Type == LevelType.Support && Math.Abs(l.Price - 99.0) < 1e-9);
    }

    [Fact]
    public void ClosesAboveAResistanceLowerItsStrengthByThePiercePenalty()
    {
        var options = Defaults with { MinLevelSeparationAtr = 0 };
        var clean = new LevelSeries().AddRange(6, 99, 101);
        // Bar 4 of three swings closes at 101.4, above 101·1.002, with its volume unchanged.
        var rebuilt = Rebuild(clean, i => i is 14 or 24 or 34 ? (100.6, 101.5, 100.5, 101.4) : null);

        var detector = new LevelDetector();
        var before = Single(detector.Detect(clean.Window(), RangeAtr, options), LevelType.Resistance, 101.0);
        var after = Single(detector.Detect(rebuilt.Window(), RangeAtr, options), LevelType.Resistance, 101.0);

        after.TouchCount.ShouldBe(before.TouchCount);
        // 3 of 60 closes pierce: penalty min(1, 5·3/60) = 0.25, weighted 0.2.
        (before.Strength - after.Strength).ShouldBe(0.2 * 0.25, 1e-9);
    }

    [Fact]
    public void ClosesBelowASupportLowerItsStrengthByThePiercePenalty()
    {
        var options = Defaults with { MinLevelSeparationAtr = 0 };
        var clean = new LevelSeries().AddRange(6, 99, 101);
        // Bar 1 of three swings closes at 98.6, below 99·0.998.
        var rebuilt = Rebuild(clean, i => i is 11 or 21 or 31 ? (99.4, 99.5, 98.5, 98.6) : null);

        var detector = new LevelDetector();
        var before = Single(detector.Detect(clean.Window(), RangeAtr, options), LevelType.Support, 99.0);
        var after = Single(detector.Detect(rebuilt.Window(), RangeAtr, options), LevelType.Support, 99.0);

        after.TouchCount.ShouldBe(before.TouchCount);
        (before.Strength - after.Strength).ShouldBe(0.2 * 0.25, 1e-9);
    }

    [Theory]
    [InlineData(LevelType.Resistance, 0)]
    [InlineData(LevelType.Resistance, 1)]
    [InlineData(LevelType.Resistance, 2)]
    [InlineData(LevelType.Resistance, 3)]
    [InlineData(LevelType.Support, 0)]
    [InlineData(LevelType.Support, 1)]
    [InlineData(LevelType.Support, 2)]
    [InlineData(LevelType.Support, 3)]
    public void APierceIsACloseStrictlyBeyondThePierceLineWhereverTheBarFalls(LevelType type, int plainBars)
    {
        // With a 50 % pierce margin the lines are exact (101 · 1.5 = 151.5, 99 · 0.5 = 49.5). The last bar closes on the
        // line (no pierce) or just beyond it (one pierce); the plain bars before it move it to every lane of the last
        // vector of four and into the bars after it, which are counted one by one.
        var options = Defaults with { MinLevelSeparationAtr = 0, MaxPiercePct = 0.5 };
        TradingLevel LevelWithLastClose(double close)
        {
            var series = new LevelSeries().AddRange(6, 99, 101);
            for (var i = 0; i < plainBars; i++)
            {
                series.Add(100, 100.3, 99.7, 100, 1000);
            }
            series = type == LevelType.Resistance
                ? series.Add(100, close, 100, close, 1000)
                : series.Add(100, 100, close, close, 1000);
            return Single(new LevelDetector().Detect(series.Window(), RangeAtr, options), type, type == LevelType.Resistance ? 101.0 : 99.0);
        }

        var onTheLine = LevelWithLastClose(type == LevelType.Resistance ? 151.5 : 49.5);
        var beyond = LevelWithLastClose(type == LevelType.Resistance ? 151.6 : 49.4);

        // One close of the n in the window pierces: penalty min(1, 5 · 1/n), weighted 0.2.
        var n = 60 + plainBars + 1;
        (onTheLine.Strength - beyond.Strength).ShouldBe(0.2 * Math.Min(1.0, 5.0 / n), 1e-9);
    }

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
    public void StrengthFollowsTheFormulaOnAHandBuiltSeries()
    {
        // 20 bars: flat bars (high 100.5, low 100.0, volume 1500), touches of 101.0 at bars 2, 9 and 16 with volumes
        // 1000, 1200 and 1400, and one bar (12) closing at 101.25, above 101·1.002.
        var series = new LevelSeries();
        for (var i = 0; i < 20; i++)
        {
            switch (i)
            {
                case 2 or 9 or 16:
                    series.Add(100.3, 101.0, 100.2, 100.8, 1000 + (200 * ((i - 2) / 7)));
                    break;
                case 12:
                    series.Add(100.4, 101.3, 100.3, 101.25, 1500);
                    break;
                default:
                    series.Add(100.3, 100.5, 100.0, 100.2, 1500);
                    break;
            }
        }
        var options = Defaults with { PreferRoundNumbers = false };

        var level = Single(new LevelDetector().Detect(series.Window(), 0.2, options), LevelType.Resistance, 101.0);

        var meanVolume = ((16 * 1500.0) + 1000 + 1200 + 1400 + 1500) / 20;
        var spanHours = 14 * 5 / 60.0;
        var expected = (0.4 * (3 / 5.0))
            + (0.2 * (spanHours / 168))
            + (0.2 * (1200 / meanVolume))
            + (0.2 * (1 - (5 * (1 / 20.0))));
        level.Price.ShouldBe(101.0, 1e-9);
        level.TouchCount.ShouldBe(3);
        level.FirstTouch.ShouldBe(LevelSeries.TimeOf(2));
        level.LastTouch.ShouldBe(LevelSeries.TimeOf(16));
        level.IsRoundNumber.ShouldBeFalse();
        level.InCascade.ShouldBeFalse();
        level.Strength.ShouldBe(expected, 1e-9);
    }

    [Fact]
    public void ReturnsNothingWithFewerCandlesThanMinCandles()
    {
        var candles = new LevelSeries().AddRange(2, 99, 101).Candles;
        var options = Defaults with { MinTouches = 2 };
        var detector = new LevelDetector();

        detector.Detect(new CandleWindow(candles.Take(19).ToList()), RangeAtr, options).ShouldBeEmpty();
        detector.Detect(new CandleWindow(candles), RangeAtr, options).ShouldNotBeEmpty();
    }

    [Fact]
    public void GivesARoundNumberBonusForTheLargestEligibleStep()
    {
        var window = new LevelSeries().AddRange(6, 98, 100).Window();
        var detector = new LevelDetector();

        var preferred = detector.Detect(window, RangeAtr, Defaults);
        var plain = detector.Detect(window, RangeAtr, Defaults with { PreferRoundNumbers = false });

        // 100 is a multiple of 10 (eligible: 10 >= 5 % of 100); 98 lies within 0.5 % of no multiple of 5 or 10.
        var roundWith = Single(preferred, LevelType.Resistance, 100.0);
        var roundWithout = Single(plain, LevelType.Resistance, 100.0);
        roundWith.IsRoundNumber.ShouldBeTrue();
        roundWithout.IsRoundNumber.ShouldBeTrue();
        (roundWith.Strength - roundWithout.Strength).ShouldBe(0.1 + (0.05 * Math.Log10(11)), 1e-9);

        var notRound = Single(preferred, LevelType.Support, 98.0);
        notRound.IsRoundNumber.ShouldBeFalse();
        notRound.Strength.ShouldBe(Single(plain, LevelType.Support, 98.0).Strength);
    }

    [Fact]
    public void UsesOnlyStepsThatAreCoarseRelativeToThePrice()
    {
        // At 101 the steps 0.01…1 are finer than 5 % of the price (every price is near one of their multiples), and
        // 101 is 1 away from the nearest multiple of 10: not round.
        var levels = new LevelDetector().Detect(new LevelSeries().AddRange(6, 99, 101).Window(), RangeAtr, Defaults);
        Single(levels, LevelType.Resistance, 101.0).IsRoundNumber.ShouldBeFalse();

        // A low-priced coin: 0.50 is a multiple of 0.10 (eligible: 0.10 >= 5 % of 0.50); 0.49 is not near 0.05 multiples.
        var cheap = new LevelDetector().Detect(new LevelSeries().AddRange(6, 0.49, 0.50).Window(), 0.002, Defaults);
        var top = Single(cheap, LevelType.Resistance, 0.50);
        top.IsRoundNumber.ShouldBeTrue();
        Single(cheap, LevelType.Support, 0.49).IsRoundNumber.ShouldBeFalse();
        var plainTop = Single(
            new LevelDetector().Detect(new LevelSeries().AddRange(6, 0.49, 0.50).Window(), 0.002, Defaults with { PreferRoundNumbers = false }),
            LevelType.Resistance,
            0.50);
        (top.Strength - plainTop.Strength).ShouldBe(0.1 + (0.05 * Math.Log10(1.1)), 1e-9);
    }

    [Fact]
    public void MarksLevelsClusteredWithinTheCascadeRadiusAndAddsTheCascadeBonus()
    {
        // A 10 bps range: its top and bottom (and the levels between) lie within 15 bps of each other.
        var window = new LevelSeries().AddRange(6, 100.00, 100.10).Window();
        var options = Defaults with { PreferRoundNumbers = false, MinLevelSeparationAtr = 0 };
        var detector = new LevelDetector();

        var cascade = detector.Detect(window, 0.02, options);
        var isolated = detector.Detect(window, 0.02, options with { CascadeRadiusBps = 0 });

        var top = Single(cascade, LevelType.Resistance, 100.10);
        var bottom = Single(cascade, LevelType.Support, 100.00);
        top.InCascade.ShouldBeTrue();
        bottom.InCascade.ShouldBeTrue();
        foreach (var level in new[] { top, bottom })
        {
            var neighbours = cascade.Count(l => Math.Abs(l.Price - level.Price) <= level.Price * 15 / 10_000);
            neighbours.ShouldBeGreaterThanOrEqualTo(2);
            var baseStrength = Single(isolated, level.Type, level.Price).Strength;
            Single(isolated, level.Type, level.Price).InCascade.ShouldBeFalse();
            level.Strength.ShouldBe(Math.Min(1.0, baseStrength + Math.Min(0.2, 0.05 * neighbours)), 1e-9);
        }
    }

    [Fact]
    public void DoesNotMarkACascadeWhenLevelsAreFarApart()
    {
        var levels = new LevelDetector().Detect(new LevelSeries().AddRange(6, 99, 101).Window(), RangeAtr, Defaults);

        levels.ShouldNotBeEmpty();
        levels.ShouldAllBe(l => !l.InCascade);
    }

    [Fact]
    public void MeasuresTheBaseUnderAResistanceFromTheDeepestRecentDip()
    {
        var series = new LevelSeries().AddRange(4, 99, 101);
        double[] mids = [100, 99, 98, 97, 96, 95, 94.5, 95, 96, 97, 98, 99, 99.5, 100, 100.2, 100, 99.8, 100, 100.2, 100.3];
        foreach (var mid in mids)
        {
            series.Add(mid, mid + 0.3, mid - 0.3, mid, 1000);
        }

        // Without separation: the recovery bars around 100.3 form a stronger resistance that would hide this one.
        var levels = new LevelDetector().Detect(series.Window(), RangeAtr, Defaults with { MinLevelSeparationAtr = 0 });

        // Lows of the last 20 bars below 0.95·101 = 95.95: 95.7, 94.7, 94.2, 94.7, 95.7; the highest is 95.7.
        var resistance = Single(levels, LevelType.Resistance, 101.0);
        resistance.BaseHeight.ShouldNotBeNull();
        resistance.BaseHeight.Value.ShouldBe(resistance.Price - 95.7, 1e-9);
        // No recent high above 1.05·99 = 103.95.
        Single(levels, LevelType.Support, 99.0).BaseHeight.ShouldBeNull();
    }

    [Fact]
    public void MeasuresTheBaseAboveASupportFromTheLowestRecentSpike()
    {
        var series = new LevelSeries().AddRange(4, 99, 101);
        double[] mids = [100, 101, 102, 103, 104, 105, 105.5, 105, 104, 103, 102, 101, 100.5, 100, 99.8, 100, 100.2, 100, 99.8, 99.7];
        foreach (var mid in mids)
        {
            series.Add(mid, mid + 0.3, mid - 0.3, mid, 1000);
        }

        var levels = new LevelDetector().Detect(series.Window(), RangeAtr, Defaults with { MinLevelSeparationAtr = 0 });

        // Highs of the last 20 bars above 1.05·99 = 103.95: 104.3, 105.3, 105.8, 105.3, 104.3; the lowest is 104.3.
        var support = Single(levels, LevelType.Support, 99.0);
        support.BaseHeight.ShouldNotBeNull();
        support.BaseHeight.Value.ShouldBe(104.3 - support.Price, 1e-9);
    }

    [Fact]
    public void ReturnsLevelsSortedByStrengthDescending()
    {
        var series = new LevelSeries();
        double[] tops = [101.0, 101.5, 101.0, 101.5, 101.0, 101.5, 101.0];
        foreach (var top in tops)
        {
            series.AddRange(1, 99, top);
        }

        var levels = new LevelDetector().Detect(series.Window(), RangeAtr, Defaults with { MinLevelSeparationAtr = 0 });

        levels.Count.ShouldBeGreaterThan(2);
        levels.Select(l => l.Strength).ShouldBe(levels.Select(l => l.Strength).OrderByDescending(s => s));
    }

    [Fact]
    public void GivesTheSameResultWhenReusedAcrossDifferentWindows()
    {
        var range = new LevelSeries().AddRange(6, 99, 101).Window();
        var longer = new LevelSeries();
        for (var c = 0; c < 40; c++)
        {
            longer.AddRange(1, 90 + c, 95 + (c * 1.5));
        }
        var detector = new LevelDetector();

        var first = detector.Detect(range, RangeAtr, Defaults);
        var other = detector.Detect(longer.Window(), 1.0, Defaults);
        var again = detector.Detect(range, RangeAtr, Defaults);

        other.ShouldNotBeEmpty();
        again.ShouldBe(first);
        new LevelDetector().Detect(range, RangeAtr, Defaults).ShouldBe(first);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void FallsBackToTheMeanBarRangeWhenAtrIsUnusable(double atr)
    {
        var series = new LevelSeries().AddRange(6, 99, 101);
        var window = series.Window();
        var meanRange = series.Candles.Average(c => (double)(c.High - c.Low));
        var detector = new LevelDetector();

        var fallback = detector.Detect(window, atr, Defaults);

        fallback.ShouldNotBeEmpty();
        fallback.ShouldBe(detector.Detect(window, meanRange, Defaults));
    }

    [Fact]
    public void RejectsInvalidOptionsNamingTheField()
    {
        var window = new LevelSeries().AddRange(6, 99, 101).Window();

        var error = Should.Throw<DomainException>(() => new LevelDetector().Detect(window, RangeAtr, Defaults with { VolumePercentile = 1.5 }));

        error.Message.ShouldContain("VolumePercentile");
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

    [Fact]
    public void AllocatesOnlyTheResultOnceWarmedUp()
    {
        var window = new LevelSeries().AddRange(15, 99, 101).Window();
        var detector = new LevelDetector();
        detector.Detect(window, RangeAtr, Defaults);
        detector.Detect(window, RangeAtr, Defaults);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var levels = detector.Detect(window, RangeAtr, Defaults);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Each level record is about 100 bytes plus the result array; any 150-bar scratch array would exceed this.
        levels.ShouldNotBeEmpty();
        allocated.ShouldBeLessThanOrEqualTo((160 * levels.Count) + 64);
    }

    [Fact]
    public void FindsNoResistanceAt100InTheOriginalMomentumSeries()
    {
        // §12 momentum case: the original expected a resistance at 100.0 with 4 touches. Every high there is at least
        // 100.08, beyond the touch tolerance 0.5·mean range ≈ 0.05, so no bar can touch 100.0: that level came from
        // the original test's mocks, not from its detector.
        var series = new LevelSeries();
        for (var i = 0; i < 40; i++)
        {
            var open = 100 + (0.01 * i);
            var close = i == 39 ? open + 0.12 : open + 0.06;
            series.Add(open, close + 0.02, open - 0.02, close, i == 39 ? 5000 : 1200);
        }

        var levels = new LevelDetector().Detect(series.Window(), double.NaN, Defaults);

        levels.ShouldNotContain(l => l.Type == LevelType.Resistance && Math.Abs(l.Price - 100.0) <= 0.05);
        // What it does find: levels inside the slow trend, since each price stays within the tolerance for ~10 bars.
        levels.ShouldNotBeEmpty();
        levels.ShouldAllBe(l => l.Price > 100.0 && l.TouchCount >= 3);
    }

    [Fact]
    public void FindsNoSupportAt50Point5InTheOriginalRetestSeries()
    {
        // §12 retest case (ordinary bars given high = close + 0.02 and low = open − 0.02, which the original leaves
        // unstated). It expected a support at 50.5 with 5 touches, but no low lies within 0.5·mean range ≈ 0.03 of
        // 50.5: the lows climb to 50.36 by bar 38, bar 30's low is 50.6 and bar 39's is 50.42.
        var series = new LevelSeries();
        for (var i = 0; i < 40; i++)
        {
            var open = 50 + (0.01 * i);
            if (i == 30)
            {
                series.Add(50.8, 51.2, 50.6, 51.0, 3000);
            }
            else if (i == 39)
            {
                series.Add(50.48, 50.52, 50.42, 50.52, 1200);
            }
            else
            {
                series.Add(open, open + 0.03, open - 0.02, open + 0.01, 900);
            }
        }

        var levels = new LevelDetector().Detect(series.Window(), double.NaN, Defaults);

        levels.ShouldNotContain(l => l.Type == LevelType.Support && Math.Abs(l.Price - 50.5) <= 0.03);
        levels.ShouldNotBeEmpty();
    }

    /// <summary>Copies a series, replacing the bars for which <paramref name="replace"/> returns open/high/low/close.</summary>
    private static LevelSeries Rebuild(LevelSeries source, Func<int, (double Open, double High, double Low, double Close)?> replace)
    {
        var rebuilt = new LevelSeries();
        for (var i = 0; i < source.Count; i++)
        {
            var c = source.Candles[i];
            var bar = replace(i) ?? ((double)c.Open, (double)c.High, (double)c.Low, (double)c.Close);
            rebuilt.Add(bar.Open, bar.High, bar.Low, bar.Close, (double)c.Volume);
        }
        return rebuilt;
    }

    private static TradingLevel Single(IReadOnlyList<TradingLevel> levels, LevelType type, double near)
    {
        var matches = levels.Where(l => l.Type == type && Math.Abs(l.Price - near) <= near * 0.0005).ToList();
        matches.Count.ShouldBe(1, $"expected one {type} near {near}; got: {string.Join(", ", levels.Select(l => $"{l.Type} {l.Price}"))}");
        return matches[0];
    }
}
