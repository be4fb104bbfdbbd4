using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Journal;

/// <summary>
/// One instrument's decisions in one scan of one engine: every filter's value against its threshold, the levels found,
/// the signals with each condition, the risk verdict and the entry. <see cref="Reason"/> says it in one sentence; given
/// null, it is worded from the failed filters when first read (on the writer's thread, not the engine's).
/// </summary>
public sealed record DecisionRecord(
    string EngineId,
    DateTimeOffset Time,
    DateTimeOffset? Bar,
    string InstrumentId,
    int Rank,
    double Score,
    DecisionOutcome Outcome,
    string? Reason,
    IReadOnlyList<FilterCheck> Filters,
    IReadOnlyList<string> NotChecked,
    IReadOnlyList<LevelNote> Levels,
    IReadOnlyList<SignalNote> Signals)
{
    private string? _reason = Reason;

    public string Reason
    {
        get => _reason ??= DecisionText.Failed(Filters);
        init => _reason = value;
    }
}

/// <summary>One scanner filter: the measured value, the threshold, and the verdict (not available when its input is missing).</summary>
public readonly record struct FilterCheck(string Name, double Value, double Threshold, bool Passed, bool Available, string Reason)
{
    public bool Failed => Available && !Passed;
}

/// <summary>A support or resistance level the engine found for the instrument.</summary>
public sealed record LevelNote(string Type, double Price, int Touches, double Strength);

/// <summary>One signal condition with its value and threshold.</summary>
public sealed record ConditionNote(string Name, double Value, double Threshold, bool Passed, bool Required, bool Available);

/// <summary>A signal and what became of it: the risk verdict (size or reason) and the entry.</summary>
public sealed record SignalNote(
    string SignalId,
    string Strategy,
    PositionSide Side,
    decimal Entry,
    decimal StopLoss,
    double Confidence,
    IReadOnlyList<ConditionNote> Conditions,
    string Status,
    string? Reason,
    decimal? ApprovedQuantity,
    decimal? RiskUsd,
    string? PositionId,
    decimal? FilledPrice);
