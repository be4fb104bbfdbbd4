using BreakoutBot.Domain.Journal;

namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>
/// One instrument's decisions in one scan of a live or paper engine (<see cref="DecisionRecord"/>): the outcome and its
/// one-line reason as columns to filter on, the filters, levels and signals as JSON.
/// </summary>
public sealed class DecisionJournalEntity
{
    public long Id { get; set; }

    public string EngineId { get; set; } = "";

    /// <summary>The engine's clock when it scanned.</summary>
    public DateTimeOffset Time { get; set; }

    /// <summary>Close time of the newest bar the scan saw (null before the first).</summary>
    public DateTimeOffset? Bar { get; set; }

    public string InstrumentId { get; set; } = "";

    public int Rank { get; set; }

    public double Score { get; set; }

    public DecisionOutcome Outcome { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>Filters, not-checked conditions, levels and signals, as JSON (<see cref="DecisionJournalDetail"/>).</summary>
    public string DetailJson { get; set; } = "{}";

    /// <summary>When the portal wrote the row (wall clock): retention counts from it.</summary>
    public DateTimeOffset WrittenAt { get; set; }
}
