namespace BreakoutBot.Tests.Properties.Chaos;

/// <summary>Counts of what chaos runs went through, summed over a property's samples.</summary>
internal sealed class ChaosCoverage
{
    public int Opened { get; set; }

    public int Closed { get; set; }

    /// <summary>Entries that filled only in part.</summary>
    public int PartialEntries { get; set; }

    /// <summary>Engine calls that failed because of an injected fault (the engine's cycle retries them).</summary>
    public int FailedCalls { get; set; }

    /// <summary>Closed positions that left in more than one fill (a take-profit, then the rest).</summary>
    public int PartialExits { get; set; }

    public int FaultsMet { get; set; }

    public int StopsCancelled { get; set; }

    public int ReconnectsWithPositions { get; set; }

    public int RestartsWithPositions { get; set; }

    public List<string> CloseReasons { get; } = [];

    public void Add(ChaosCoverage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Opened += other.Opened;
        Closed += other.Closed;
        PartialExits += other.PartialExits;
        PartialEntries += other.PartialEntries;
        FailedCalls += other.FailedCalls;
        FaultsMet += other.FaultsMet;
        StopsCancelled += other.StopsCancelled;
        ReconnectsWithPositions += other.ReconnectsWithPositions;
        RestartsWithPositions += other.RestartsWithPositions;
        CloseReasons.AddRange(other.CloseReasons);
    }

    public override string ToString() =>
        $"{Opened} opened, {Closed} closed ({string.Join(", ", CloseReasons.GroupBy(r => r).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}), " +
        $"{PartialEntries} partial entries, {PartialExits} partial exits, {FaultsMet} faults met ({FailedCalls} engine calls failed), {StopsCancelled} stops cancelled, {ReconnectsWithPositions} reconnects and {RestartsWithPositions} restarts with open positions";
}
