using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// Counts the <see cref="ScanFunnel"/> as the orchestrator runs its phases: one tally since the engine was created and
/// one for the pipeline pass started by the latest scan. Counting is O(instruments) per scan into fixed arrays (no
/// allocation, no LINQ); <see cref="Snapshot"/> builds the immutable funnels only when a reader asks. Thread-safe:
/// the engine records under its cycle lock, status readers snapshot from any thread.
/// </summary>
public sealed class ScanFunnelCounter
{
    private static readonly UncheckedConditions[] Conditions =
        [UncheckedConditions.MinOi, UncheckedConditions.OiDelta, UncheckedConditions.Correlation, UncheckedConditions.L2Imbalance];

    private static readonly string[] ConditionNames =
        [UncheckedConditionNames.MinOi, UncheckedConditionNames.OiDelta, UncheckedConditionNames.Correlation, UncheckedConditionNames.L2Imbalance];

    // Indexed by the enum's value (0, 1, …).
    private static readonly string[] StrategyNames = Array.ConvertAll(Enum.GetValues<SignalStrategy>(), s => s.ToString().ToLowerInvariant());

    private readonly Lock _gate = new();
    private readonly Tally _total = new();
    private readonly Tally _last = new();

    /// <summary>A scan completed: starts a new pass and counts its instrument-bars, filter failures and candidates.</summary>
    public void RecordScan(ScanOutcome scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        lock (_gate)
        {
            _last.Clear();
            _last.Scans = 1;
            _last.Scanned = scan.Count;
            _last.Candidates = scan.PassedFilters;
            _total.Scans++;
            _total.Scanned += scan.Count;
            _total.Candidates += scan.PassedFilters;
            // By index, without building or ranking the results (a scan published on demand has done neither); each count
            // goes to the pass and to the total at once (adding the pass's arrays to the total after every scan cost more).
            for (var k = 0; k < scan.Count; k++)
            {
                CountFilters(scan.FiltersInAnyOrderAt(k), _last, _total);
                var notChecked = scan.NotCheckedInAnyOrderAt(k);
                if (notChecked != UncheckedConditions.None)
                {
                    for (var i = 0; i < Conditions.Length; i++)
                    {
                        if ((notChecked & Conditions[i]) != 0)
                        {
                            _last.NotAvailable[i]++;
                            _total.NotAvailable[i]++;
                        }
                    }
                }
            }
        }
    }

    /// <summary>The conditions some scan since the engine was created could not check (for some instrument).</summary>
    public UncheckedConditions NotChecked
    {
        get
        {
            lock (_gate)
            {
                var notChecked = UncheckedConditions.None;
                for (var i = 0; i < Conditions.Length; i++)
                {
                    if (_total.NotAvailable[i] > 0)
                    {
                        notChecked |= Conditions[i];
                    }
                }
                return notChecked;
            }
        }
    }

    /// <summary>The scan's candidates were not taken further because every slot was taken.</summary>
    public void RecordSlotsFull(int candidates) => Both((t, n) => t.SkippedSlotsFull += n, candidates);

    /// <summary>Level building kept this many candidates (those with at least one valid level).</summary>
    public void RecordLevels(int withLevels) => Both((t, n) => t.WithLevels += n, withLevels);

    public void RecordSignals(IReadOnlyList<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        lock (_gate)
        {
            for (var k = 0; k < signals.Count; k++)
            {
                _total.AddSignal(signals[k].Strategy);
                _last.AddSignal(signals[k].Strategy);
            }
        }
    }

    /// <summary>One risk decision: approved, or vetoed and counted under its category.</summary>
    public void RecordDecision(RiskDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        lock (_gate)
        {
            _total.AddDecision(decision);
            _last.AddDecision(decision);
        }
    }

    /// <summary>Signals or approved entries dropped from the pipeline before their order was sent (pause, stop, error).</summary>
    public void RecordAbandoned(int count) => Both((t, n) => t.Abandoned += n, count);

    /// <summary>An approved entry was sent to execution; then exactly one of <see cref="RecordFill"/> or <see cref="RecordEntryFailure"/>.</summary>
    public void RecordOrderSent() => Both((t, _) => t.OrdersSent++, 0);

    public void RecordFill() => Both((t, _) => t.Fills++, 0);

    public void RecordEntryFailure() => Both((t, _) => t.EntryFailures++, 0);

    /// <summary>The funnel since the engine was created, and the pass started by the latest scan.</summary>
    public (ScanFunnel Cumulative, ScanFunnel LastScan) Snapshot()
    {
        lock (_gate)
        {
            return (_total.ToFunnel(), _last.ToFunnel());
        }
    }

    private void Both(Action<Tally, int> add, int n)
    {
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "A funnel count cannot be negative.");
        }
        lock (_gate)
        {
            add(_total, n);
            add(_last, n);
        }
    }

    private static void CountFilters(IReadOnlyDictionary<string, FilterResult> filters, Tally pass, Tally total)
    {
        if (filters is FilterDictionary flat)
        {
            // One bit per failed filter: most instrument-bars fail few of the thirteen.
            for (var failed = (uint)flat.FailedMask; failed != 0; failed &= failed - 1)
            {
                var i = System.Numerics.BitOperations.TrailingZeroCount(failed);
                pass.Failed[i]++;
                total.Failed[i]++;
            }
            return;
        }
        // Results built by hand (tests, other scanners): slower, by name.
        foreach (var (name, f) in filters)
        {
            if (!f.Failed)
            {
                continue;
            }
            var i = NameIndexOf(name);
            if (i >= 0)
            {
                pass.Failed[i]++;
                total.Failed[i]++;
            }
            else
            {
                pass.AddOtherFailed(name);
                total.AddOtherFailed(name);
            }
        }
    }

    private static int NameIndexOf(string name)
    {
        for (var i = 0; i < FilterDictionary.Names.Count; i++)
        {
            if (string.Equals(FilterDictionary.Names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private sealed class Tally
    {
        public long Scans;
        public long Scanned;
        public readonly long[] Failed = new long[FilterDictionary.Names.Count];
        public Dictionary<string, long>? OtherFailed;
        public readonly long[] NotAvailable = new long[Conditions.Length];
        public long Candidates;
        public long SkippedSlotsFull;
        public long WithLevels;
        public long Signals;
        public readonly long[] ByStrategy = new long[StrategyNames.Length];
        public long Approved;
        public long Vetoes;
        public readonly long[] ByVeto = new long[RiskVetoNames.Count];
        public long Abandoned;
        public long OrdersSent;
        public long Fills;
        public long EntryFailures;

        public void AddSignal(SignalStrategy strategy)
        {
            Signals++;
            var i = (int)strategy;
            if (i >= 0 && i < ByStrategy.Length)
            {
                ByStrategy[i]++;
            }
        }

        public void AddDecision(RiskDecision decision)
        {
            if (decision.Approved)
            {
                Approved++;
                return;
            }
            Vetoes++;
            var i = (int)decision.Veto;
            ByVeto[i > (int)RiskVeto.None && i < ByVeto.Length ? i : (int)RiskVeto.Other]++;
        }

        public void Clear()
        {
            Scans = Scanned = Candidates = SkippedSlotsFull = WithLevels = Signals = Approved = Vetoes = 0;
            Abandoned = OrdersSent = Fills = EntryFailures = 0;
            Array.Clear(Failed);
            Array.Clear(NotAvailable);
            Array.Clear(ByStrategy);
            Array.Clear(ByVeto);
            OtherFailed?.Clear();
        }

        public void AddOtherFailed(string name)
        {
            OtherFailed ??= new Dictionary<string, long>(StringComparer.Ordinal);
            OtherFailed[name] = OtherFailed.GetValueOrDefault(name) + 1;
        }

        public ScanFunnel ToFunnel()
        {
            var failed = new Dictionary<string, long>(Failed.Length + (OtherFailed?.Count ?? 0), StringComparer.Ordinal);
            for (var i = 0; i < Failed.Length; i++)
            {
                failed[FilterDictionary.Names[i]] = Failed[i];
            }
            if (OtherFailed is { Count: > 0 } other)
            {
                foreach (var name in other.Keys.Order(StringComparer.Ordinal))
                {
                    failed[name] = other[name];
                }
            }
            var notAvailable = new Dictionary<string, long>(NotAvailable.Length, StringComparer.Ordinal);
            for (var i = 0; i < NotAvailable.Length; i++)
            {
                notAvailable[ConditionNames[i]] = NotAvailable[i];
            }
            var byStrategy = new Dictionary<string, long>(ByStrategy.Length, StringComparer.Ordinal);
            for (var i = 0; i < ByStrategy.Length; i++)
            {
                byStrategy[StrategyNames[i]] = ByStrategy[i];
            }
            // Only the categories that occurred: most never do, and a list of zeros hides the one that matters.
            var byVeto = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < ByVeto.Length; i++)
            {
                if (ByVeto[i] > 0)
                {
                    byVeto[RiskVetoNames.Of((RiskVeto)i)] = ByVeto[i];
                }
            }
            return new ScanFunnel(Scans, Scanned, failed, notAvailable, Candidates, SkippedSlotsFull, WithLevels, Signals, byStrategy,
                Approved, Vetoes, byVeto, Abandoned, OrdersSent, Fills, EntryFailures);
        }
    }
}
