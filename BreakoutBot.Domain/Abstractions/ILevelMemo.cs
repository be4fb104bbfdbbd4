using System.Diagnostics.CodeAnalysis;
using BreakoutBot.Domain.Levels;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>
/// A market-data port that remembers the levels detected for an instrument's bar, so replays of the same candles (the
/// runs of a sweep, a backtest run again) detect them once. Levels are a pure function of their inputs: the window (the
/// <see cref="LevelInputs.WindowCount"/> bars ending at <see cref="LevelInputs.LastBar"/> of one candle list), the ATR
/// and the detector options; an answer is given only when all of them are equal, so a run that reads the memo gets
/// exactly the levels it would have detected itself (ADR-010, "Fifth round").
/// </summary>
public interface ILevelMemo
{
    /// <summary>The levels stored for exactly these inputs, if any.</summary>
    bool TryGetLevels(string instrumentId, in LevelInputs inputs, [NotNullWhen(true)] out IReadOnlyList<TradingLevel>? levels);

    /// <summary>Stores the levels detected for these inputs (immutable: readers on other threads share them).</summary>
    void StoreLevels(string instrumentId, in LevelInputs inputs, IReadOnlyList<TradingLevel> levels);
}

/// <summary>What level detection depends on: the window's last bar (open time) and length, the ATR and the options.</summary>
public readonly record struct LevelInputs(DateTimeOffset LastBar, int WindowCount, double Atr, LevelDetectorOptions Options);
