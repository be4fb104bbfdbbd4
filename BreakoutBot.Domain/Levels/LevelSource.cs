namespace BreakoutBot.Domain.Levels;

/// <summary>The candidate generators that contributed at least one member to a merged level.</summary>
[Flags]
public enum LevelSource
{
    None = 0,

    /// <summary>An upper or lower Donchian channel value over the recent bars.</summary>
    Donchian = 1,

    /// <summary>A strict fractal swing high or low.</summary>
    Swing = 2,

    /// <summary>The high or low of a bar whose volume is at or above the volume percentile.</summary>
    Volume = 4,
}
