namespace BreakoutBot.Domain.Levels;

/// <summary>Ranking the validated levels: bonuses, strength order, separation, and the result.</summary>
public sealed partial class LevelDetector
{
    /// <summary>Round-number and cascade bonuses for the kept levels (<see cref="_order"/>[0..count)).</summary>
    private void ApplyBonuses(int count, LevelDetectorOptions options)
    {
        var radiusFraction = options.CascadeRadiusBps / 10_000.0;
        for (var i = 0; i < count; i++)
        {
            ref var level = ref _levels[_order[i]];
            var roundStep = LargestRoundStep(level.Price, options);
            level.IsRoundNumber = roundStep > 0;
            var bonus = 0.0;
            if (level.IsRoundNumber && options.PreferRoundNumbers)
            {
                bonus += Math.Min(RoundBonusMax, RoundBonusBase + (RoundBonusLogFactor * Math.Log10(roundStep + 1)));
            }

            var radius = level.Price * radiusFraction;
            var neighbours = 0;
            for (var j = 0; j < count; j++)
            {
                if (Math.Abs(_levels[_order[j]].Price - level.Price) <= radius)
                {
                    neighbours++;
                }
            }
            level.InCascade = neighbours >= options.CascadeMinLevels;
            if (level.InCascade)
            {
                bonus += Math.Min(CascadeBonusMax, CascadeBonusPerLevel * neighbours);
            }
            level.Strength = Math.Clamp(level.Strength + bonus, 0.0, 1.0);
        }
    }

    /// <summary>The largest eligible step the price lies near a multiple of, or 0 when none.</summary>
    private static double LargestRoundStep(double price, LevelDetectorOptions options)
    {
        var tolerance = price * options.RoundTolerancePct;
        var minStep = price * options.RoundMinStepToPrice;
        var best = 0.0;
        var steps = options.RoundSteps;
        for (var s = 0; s < steps.Count; s++)
        {
            var step = steps[s];
            if (step < minStep || step <= best)
            {
                continue;
            }
            var multiple = Math.Round(price / step, MidpointRounding.AwayFromZero) * step;
            if (multiple > 0 && Math.Abs(price - multiple) <= tolerance)
            {
                best = step;
            }
        }
        return best;
    }

    /// <summary>
    /// Insertion sort of <see cref="_order"/>[0..count) (few levels): strength desc, then touches desc, then price asc.
    /// </summary>
    private void SortByStrength(int count)
    {
        for (var i = 1; i < count; i++)
        {
            var current = _order[i];
            var k = i - 1;
            while (k >= 0 && Precedes(current, _order[k]))
            {
                _order[k + 1] = _order[k];
                k--;
            }
            _order[k + 1] = current;
        }
    }

    private bool Precedes(int a, int b)
    {
        ref readonly var x = ref _levels[a];
        ref readonly var y = ref _levels[b];
        if (x.Strength != y.Strength)
        {
            return x.Strength > y.Strength;
        }
        if (x.Touches != y.Touches)
        {
            return x.Touches > y.Touches;
        }
        return x.Price < y.Price;
    }

    /// <summary>
    /// Walks the levels strongest first and keeps one only when no kept level of the same type is closer than
    /// <paramref name="minSeparation"/>; compacts the kept indices to the front of <see cref="_order"/> and returns
    /// their number.
    /// </summary>
    private int Separate(double minSeparation)
    {
        var kept = 0;
        for (var i = 0; i < _levelCount; i++)
        {
            var index = _order[i];
            ref readonly var candidate = ref _levels[index];
            var keep = true;
            for (var k = 0; k < kept && keep; k++)
            {
                ref readonly var stronger = ref _levels[_order[k]];
                keep = stronger.Type != candidate.Type || Math.Abs(stronger.Price - candidate.Price) >= minSeparation;
            }
            if (keep)
            {
                _order[kept++] = index;
            }
        }
        return kept;
    }

    private TradingLevel[] BuildResult(CandleWindow window, int count, LevelDetectorOptions options)
    {
        var result = new TradingLevel[count];
        for (var i = 0; i < count; i++)
        {
            ref readonly var level = ref _levels[_order[i]];
            result[i] = new TradingLevel
            {
                Price = level.Price,
                Type = level.Type,
                TouchCount = level.Touches,
                Strength = level.Strength,
                FirstTouch = window.TimeAt(level.FirstBar),
                LastTouch = window.TimeAt(level.LastBar),
                // Measured for the levels returned only: nothing before this reads it.
                BaseHeight = BaseHeight(window, level.Price, level.Type == LevelType.Resistance, options) is var height && double.IsNaN(height) ? null : height,
                IsRoundNumber = level.IsRoundNumber,
                InCascade = level.InCascade,
                Sources = level.Sources,
            };
        }
        return result;
    }
}
