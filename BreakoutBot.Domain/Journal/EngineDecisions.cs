using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;

namespace BreakoutBot.Domain.Journal;

/// <summary>One engine's journal state: the scan whose pipeline is running, and what was last emitted per instrument.</summary>
internal sealed class EngineDecisions(string engineId)
{
    private const string EntryOrderFailed = "entry order failed";
    private readonly Dictionary<string, Emitted> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingDecision> _pending = new(StringComparer.Ordinal);

    public void OnScan(ScanCompletedEvent e, Action<DecisionRecord> emit)
    {
        foreach (var r in e.Scan.Results)
        {
            var bar = r.Metrics.LastCandleClose;
            if (r.PassedAllFilters)
            {
                _pending[r.InstrumentId] = new PendingDecision(e.Time, bar, r, Snapshot(r.Filters), e.FreeSlots <= 0 ? DecisionOutcome.SlotsFull : DecisionOutcome.NoLevel);
                continue;
            }
            var mask = FailedMask(r.Filters);
            if (IsRepeat(r.InstrumentId, bar, DecisionOutcome.FilteredOut, mask))
            {
                continue;
            }
            // The reason is worded from the filters when the writer reads it, off the engine's thread.
            emit(new DecisionRecord(engineId, e.Time, bar, r.InstrumentId, r.Rank, r.Score, DecisionOutcome.FilteredOut, null,
                Snapshot(r.Filters), r.NotCheckedNames, [], []));
        }
        if (e.FreeSlots <= 0)
        {
            // No levels are built when every slot is taken: the pipeline ends here.
            Flush(emit);
        }
    }

    public void OnLevels(LevelsBuiltEvent e)
    {
        var cutRank = e.Candidates.Count >= e.MaxCandidates && e.Candidates.Count > 0 ? e.Candidates[^1].Rank : int.MaxValue;
        foreach (var p in _pending.Values)
        {
            p.Outcome = p.Scan.Rank > cutRank ? DecisionOutcome.NotTopCandidate : DecisionOutcome.NoLevel;
            p.MaxCandidates = e.MaxCandidates;
        }
        foreach (var c in e.Candidates)
        {
            if (_pending.TryGetValue(c.InstrumentId, out var p))
            {
                p.Outcome = DecisionOutcome.NoSignal;
                p.Levels = c.Levels.Select(l => new LevelNote(l.Type.ToString().ToLowerInvariant(), l.Price, l.TouchCount, l.Strength)).ToList();
            }
        }
    }

    public void OnSignal(SignalEvent e)
    {
        if (!_pending.TryGetValue(e.Signal.InstrumentId, out var p))
        {
            return;
        }
        var i = p.Signals.FindIndex(s => s.SignalId == e.Signal.Id);
        if (i < 0)
        {
            p.Signals.Add(NoteOf(e.Signal) with { Status = Wire(e.Status), Reason = e.Reason });
            return;
        }
        p.Signals[i] = e.Status == SignalStatus.Executed
            ? p.Signals[i] with { Status = Wire(e.Status), PositionId = e.Reason }
            : p.Signals[i] with { Status = Wire(e.Status), Reason = e.Reason ?? p.Signals[i].Reason };
    }

    public void OnRisk(RiskDecidedEvent e)
    {
        var d = e.Decision;
        if (!_pending.TryGetValue(d.Signal.InstrumentId, out var p))
        {
            return;
        }
        var i = p.Signals.FindIndex(s => s.SignalId == d.Signal.Id);
        var note = i < 0 ? NoteOf(d.Signal) : p.Signals[i];
        note = d.Approved
            ? note with { Status = "approved", ApprovedQuantity = d.Size.Quantity, RiskUsd = d.Size.RiskUsd }
            : note with { Status = Wire(SignalStatus.Rejected), Reason = d.Reason };
        if (i < 0)
        {
            p.Signals.Add(note);
        }
        else
        {
            p.Signals[i] = note;
        }
    }

    public void OnOpened(PositionOpenedEvent e)
    {
        if (!_pending.TryGetValue(e.Position.InstrumentId, out var p))
        {
            return;
        }
        var i = p.Signals.FindIndex(s => s.PositionId == e.Position.Id);
        if (i >= 0)
        {
            p.Signals[i] = p.Signals[i] with { FilledPrice = e.Position.EntryPrice };
        }
    }

    /// <summary>Emits the running scan's records (the pipeline ended or a new scan began).</summary>
    public void Flush(Action<DecisionRecord> emit)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        foreach (var p in _pending.Values)
        {
            var outcome = p.Signals.Count == 0 ? p.Outcome : p.Signals.Max(OutcomeOf);
            if (p.Signals.Count == 0 && IsRepeat(p.Scan.InstrumentId, p.Bar, outcome, 0))
            {
                continue;
            }
            emit(new DecisionRecord(engineId, p.Time, p.Bar, p.Scan.InstrumentId, p.Scan.Rank, p.Scan.Score, outcome, ReasonOf(p, outcome),
                p.Filters, p.Scan.NotCheckedNames, p.Levels, p.Signals.ToList()));
        }
        _pending.Clear();
    }

    private bool IsRepeat(string instrumentId, DateTimeOffset? bar, DecisionOutcome outcome, uint failedMask)
    {
        var now = new Emitted(bar, outcome, failedMask);
        if (_last.TryGetValue(instrumentId, out var last) && last == now)
        {
            return true;
        }
        _last[instrumentId] = now;
        return false;
    }

    private static uint FailedMask(IReadOnlyDictionary<string, FilterResult> filters)
    {
        uint mask = 0;
        var bit = 0;
        foreach (var f in filters.Values)
        {
            if (f.Failed && bit < 32)
            {
                mask |= 1u << bit;
            }
            bit++;
        }
        return mask;
    }

    private static FilterCheck[] Snapshot(IReadOnlyDictionary<string, FilterResult> filters)
    {
        var list = new FilterCheck[filters.Count];
        var i = 0;
        foreach (var (name, f) in filters)
        {
            list[i++] = new FilterCheck(name, f.Value, f.Threshold, f.Passed, f.IsAvailable, f.Reason);
        }
        return list;
    }

    private static SignalNote NoteOf(Signal s) => new(
        s.Id, s.Strategy.ToString().ToLowerInvariant(), s.Side, s.Entry, s.StopLoss, s.Confidence,
        s.Conditions.Select(c => new ConditionNote(c.Key, c.Value.Value, c.Value.Threshold, c.Value.Passed, c.Value.Required, c.Value.IsAvailable)).ToList(),
        Wire(SignalStatus.Active), null, null, null, null, null);

    private static string Wire(SignalStatus status) => status.ToString().ToLowerInvariant();

    private static DecisionOutcome OutcomeOf(SignalNote s) => s.Status switch
    {
        "executed" => DecisionOutcome.Traded,
        "rejected" => DecisionOutcome.RiskRejected,
        "failed" when s.Reason == EntryOrderFailed => DecisionOutcome.EntryFailed,
        _ => DecisionOutcome.SignalNotExecuted,
    };

    private static string ReasonOf(PendingDecision p, DecisionOutcome outcome)
    {
        var inv = CultureInfo.InvariantCulture;
        var signal = p.Signals.Count == 0 ? null : p.Signals.MaxBy(OutcomeOf);
        return outcome switch
        {
            DecisionOutcome.SlotsFull => "Passed every filter, but every position slot was taken.",
            DecisionOutcome.NotTopCandidate => string.Create(inv, $"Passed every filter, but ranked {p.Scan.Rank}, below the top {p.MaxCandidates} candidates (max_candidates)."),
            DecisionOutcome.NoLevel => "Passed every filter, but no valid support or resistance level was found.",
            DecisionOutcome.NoSignal => string.Create(inv, $"Passed every filter with {Counted.Of(p.Levels.Count, "level")}, but no breakout or retest condition held."),
            DecisionOutcome.Traded => string.Create(inv, $"Traded: {signal!.Strategy} {signal.Side.ToString().ToLowerInvariant()} opened{(signal.FilledPrice is { } px ? " at " + px.ToString(inv) : "")} (position {signal.PositionId})."),
            DecisionOutcome.RiskRejected => $"A {signal!.Strategy} signal was rejected by risk: {signal.Reason}.",
            DecisionOutcome.EntryFailed => $"A {signal!.Strategy} signal was approved, but its entry order did not fill.",
            _ => $"A {signal!.Strategy} signal was {signal.Status}{(signal.Reason is { } r ? ": " + r : "")}.",
        };
    }

    private readonly record struct Emitted(DateTimeOffset? Bar, DecisionOutcome Outcome, uint FailedMask);

    private sealed class PendingDecision(DateTimeOffset time, DateTimeOffset? bar, ScanResult scan, IReadOnlyList<FilterCheck> filters, DecisionOutcome outcome)
    {
        public DateTimeOffset Time { get; } = time;
        public DateTimeOffset? Bar { get; } = bar;
        public ScanResult Scan { get; } = scan;
        public IReadOnlyList<FilterCheck> Filters { get; } = filters;
        public DecisionOutcome Outcome { get; set; } = outcome;
        public int MaxCandidates { get; set; }
        public List<LevelNote> Levels { get; set; } = [];
        public List<SignalNote> Signals { get; } = [];
    }
}
