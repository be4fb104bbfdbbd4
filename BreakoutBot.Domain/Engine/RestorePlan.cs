using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// What an engine needs to come back after a restart: the state it was last in, the preset and mode it ran, its open
/// positions (with their resting order ids) and the exchange fill sequence already applied to them.
/// </summary>
public sealed record RestorePlan(
    TradingState LastState,
    TradingPreset? Preset,
    TradingMode Mode,
    IReadOnlyList<Position> Positions,
    long LastFillSequence,
    string Reason = "restored after a restart");
