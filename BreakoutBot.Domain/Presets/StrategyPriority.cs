using System.Text.Json.Serialization;

namespace BreakoutBot.Domain.Presets;

/// <summary>
/// Which breakout entry the signal stage tries first. JSON values are "momentum" and "retest"; the original's
/// video presets spelled them "breakout_momentum" and "breakout_retest", which are accepted on read.
/// </summary>
[JsonConverter(typeof(StrategyPriorityJsonConverter))]
public enum StrategyPriority
{
    /// <summary>Enter on the breakout bar itself (close beyond the level with a volume surge).</summary>
    Momentum = 0,

    /// <summary>Enter when price comes back to test a level it already broke.</summary>
    Retest = 1,
}
