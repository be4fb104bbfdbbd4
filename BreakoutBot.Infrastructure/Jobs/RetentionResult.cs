namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>
/// What one retention run deleted (or, for a dry run, would delete): rows written before <paramref name="Cutoff"/>
/// (wall clock). <paramref name="RowsKept"/> counts older rows kept because they belong to a running engine's
/// current run or to an engine with an open position.
/// </summary>
public sealed record RetentionResult(DateTimeOffset Cutoff, int TransitionsDeleted, int EquitySnapshotsDeleted, int RowsKept = 0)
{
    /// <summary>Decision-journal rows written before <see cref="JournalCutoff"/> (deleted whatever the engine's state).</summary>
    public int JournalRowsDeleted { get; init; }

    public DateTimeOffset JournalCutoff { get; init; }

    /// <summary>Order-journal intents recorded before <see cref="Cutoff"/>, by the same protection as transitions.</summary>
    public int OrderIntentsDeleted { get; init; }
}
