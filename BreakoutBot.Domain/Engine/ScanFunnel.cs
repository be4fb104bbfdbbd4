namespace BreakoutBot.Domain.Engine;

/// <summary>
/// How far the pipeline got, stage by stage (ADR-009): instrument-bars scanned (one per instrument per scan; a replay
/// scans at most once per bar), how many failed each filter (one instrument-bar may fail several), which conditions
/// were not available, candidates (passed every filter), candidates left because every slot was taken, candidates with
/// a valid level, signals by strategy, risk vetoes by category, signals abandoned in flight (pause, stop, error),
/// entry orders sent, fills (positions opened) and entry failures. Signals = vetoes + approved + abandoned before
/// sizing; approved = orders sent + abandoned before execution; orders sent = fills + entry failures.
/// Maps are keyed by the names the filters, conditions, strategies and <see cref="Risk.RiskVetoNames"/> use, in a fixed order.
/// </summary>
public sealed record ScanFunnel(
    long Scans,
    long InstrumentBarsScanned,
    IReadOnlyDictionary<string, long> FailedByFilter,
    IReadOnlyDictionary<string, long> NotAvailableByCondition,
    long Candidates,
    long CandidatesSkippedSlotsFull,
    long WithLevels,
    long Signals,
    IReadOnlyDictionary<string, long> SignalsByStrategy,
    long Approved,
    long RiskVetoes,
    IReadOnlyDictionary<string, long> RiskVetoesByReason,
    long Abandoned,
    long OrdersSent,
    long Fills,
    long EntryFailures)
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>A funnel before the first scan.</summary>
    public static ScanFunnel Empty { get; } = new(0, 0, None, None, 0, 0, 0, 0, None, 0, 0, None, 0, 0, 0, 0);
}
