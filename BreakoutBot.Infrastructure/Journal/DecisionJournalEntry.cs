using BreakoutBot.Domain.Journal;

namespace BreakoutBot.Infrastructure.Journal;

/// <summary>One stored journal row, read back: the decision and what the engine measured.</summary>
public sealed record DecisionJournalEntry(
    long Id,
    DateTimeOffset Time,
    DateTimeOffset? Bar,
    string InstrumentId,
    int Rank,
    double Score,
    DecisionOutcome Outcome,
    string Reason,
    DecisionJournalDetail Detail);

/// <summary>Which journal rows to list: all filters optional; newest first.</summary>
public sealed record DecisionJournalFilter(string? InstrumentId = null, DateTimeOffset? From = null, DateTimeOffset? To = null, DecisionOutcome? Outcome = null, int Page = 0, int PageSize = 50)
{
    public const int MaxPageSize = 200;
}

/// <summary>A page of journal rows and the total matching.</summary>
public sealed record DecisionJournalPage(IReadOnlyList<DecisionJournalEntry> Rows, int Total, int Page, int PageSize);

/// <summary>
/// The answer to "why (not) this instrument at this time?": the decision in force then (the latest recorded at or
/// before it, holding until <see cref="Until"/>), or why there is none.
/// </summary>
public sealed record DecisionJournalAnswer(string InstrumentId, DateTimeOffset At, DecisionJournalEntry? Decision, DateTimeOffset? Until, string Message);
