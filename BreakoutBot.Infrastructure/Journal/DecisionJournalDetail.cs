using BreakoutBot.Domain.Journal;

namespace BreakoutBot.Infrastructure.Journal;

/// <summary>The JSON column of a journal row: what the engine measured and found for the instrument in that scan.</summary>
public sealed record DecisionJournalDetail(
    IReadOnlyList<FilterCheck> Filters,
    IReadOnlyList<string> NotChecked,
    IReadOnlyList<LevelNote> Levels,
    IReadOnlyList<SignalNote> Signals);
