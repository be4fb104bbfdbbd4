namespace BreakoutBot.Domain.Levels;

/// <summary>Which side of price a level caps: a resistance above (built from highs), a support below (built from lows).</summary>
public enum LevelType
{
    Support = 0,
    Resistance = 1,
}
