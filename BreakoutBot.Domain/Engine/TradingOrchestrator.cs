using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// Runs one phase per state and carries the pipeline between phases: scan → candidates with levels → signals →
/// approved entries → orders. It holds no trading rules: those live in the managers it sequences. The entries
/// approved in SIZING are exactly the ones EXECUTION sends, with the approved quantities.
/// </summary>
public sealed class TradingOrchestrator
{
    private readonly IScanningManager _scanning;
    private readonly ISignalManager _signals;
    private readonly IRiskManager _risk;
    private readonly IPositionManager _positions;
    private readonly IExchangeClient _exchange;
    private readonly TimeProvider _time;
    private readonly Action<EngineEvent> _publish;
    private readonly Func<EngineEventKinds, bool> _wants;
    private readonly string _engineId;
    private ScanOutcome? _scan;
    private IReadOnlyList<ScanResult> _candidates = [];
    // The candidates when no one takes the scan events: the engine's alone, refilled by each level building (ADR-010).
    private readonly List<ScanResult> _ownCandidates = [];
    private IReadOnlyList<Signal> _pendingSignals = [];
    private readonly HashSet<string> _openInstrumentIds = new(StringComparer.Ordinal);
    private IReadOnlyList<ApprovedEntry> _approved = [];

    public TradingOrchestrator(
        string engineId,
        IScanningManager scanning,
        ISignalManager signals,
        IRiskManager risk,
        IPositionManager positions,
        IExchangeClient exchange,
        TimeProvider time,
        Action<EngineEvent> publish,
        Func<EngineEventKinds, bool> wants)
    {
        _engineId = engineId;
        _scanning = scanning ?? throw new ArgumentNullException(nameof(scanning));
        _signals = signals ?? throw new ArgumentNullException(nameof(signals));
        _risk = risk ?? throw new ArgumentNullException(nameof(risk));
        _positions = positions ?? throw new ArgumentNullException(nameof(positions));
        _exchange = exchange ?? throw new ArgumentNullException(nameof(exchange));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _publish = publish ?? throw new ArgumentNullException(nameof(publish));
        // Which kinds of event someone takes: an event no one takes is not made.
        _wants = wants ?? throw new ArgumentNullException(nameof(wants));
    }

    /// <summary>The entries approved by the last SIZING phase and not yet executed.</summary>
    public IReadOnlyList<ApprovedEntry> PendingEntries => _approved;

    /// <summary>The scan funnel, counted as the phases run (ADR-009).</summary>
    public ScanFunnelCounter Funnel { get; } = new();

    /// <summary>Drops the in-flight pipeline (used when the engine leaves it, e.g. on pause or stop).</summary>
    public void ResetPipeline()
    {
        Funnel.RecordAbandoned(_pendingSignals.Count + PendingEntries.Count);
        foreach (var s in _pendingSignals.Concat(_approved.Select(a => a.Signal)))
        {
            _signals.MarkStatus(s.Id, SignalStatus.Failed, "pipeline abandoned");
        }
        _candidates = [];
        _pendingSignals = [];
        _approved = [];
    }

    /// <summary>Refreshes market data for open positions and runs one management pass.</summary>
    public async ValueTask ManagePositionsAsync(TradingPreset preset, bool refreshMarketData, CancellationToken cancellationToken)
    {
        if (refreshMarketData)
        {
            // One set reused pass after pass (cycles of an engine never overlap).
            var ids = _openInstrumentIds;
            ids.Clear();
            // Entries still executing in slices too: their next slice is priced on this bar's book, not the last one's.
            _positions.AddActiveInstrumentIds(ids);
            if (ids.Count > 0)
            {
                await _scanning.RefreshAsync(ids, preset, cancellationToken);
            }
        }
        await _positions.ManageAsync(preset, cancellationToken);
        PublishClosed();
    }

    /// <summary>
    /// Runs the phase of <paramref name="state"/>. Phases that wait for nothing (and a scan its source answers at once, a
    /// replay's) complete without an asynchronous method: a replay runs one or two phases on every bar (ADR-010,
    /// "Twenty-third round").
    /// </summary>
    public ValueTask<PhaseOutcome> RunPhaseAsync(TradingState state, TradingPreset preset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var now = _time.GetUtcNow();
        switch (state)
        {
            case TradingState.Scanning:
            {
                var scan = _scanning.ScanAsync(preset, cancellationToken);
                return scan.IsCompletedSuccessfully
                    ? new ValueTask<PhaseOutcome>(Scanned(scan.Result, preset, now))
                    : ScannedAsync(scan, preset, now);
            }
            case TradingState.LevelBuilding:
                return new ValueTask<PhaseOutcome>(BuildLevels(preset, now));
            case TradingState.SignalWait:
                return new ValueTask<PhaseOutcome>(WaitForSignals(preset, now));
            case TradingState.Sizing:
                return SizeAsync(preset, now, cancellationToken);
            case TradingState.Execution:
                return ExecuteAsync(preset, now, cancellationToken);
            case TradingState.Managing:
                return new ValueTask<PhaseOutcome>(Manage(preset));
            default:
                return new ValueTask<PhaseOutcome>(PhaseOutcome.Stay("no phase for " + state.ToWireName()));
        }
    }

    private async ValueTask<PhaseOutcome> ScannedAsync(ValueTask<ScanOutcome> scan, TradingPreset preset, DateTimeOffset now) =>
        Scanned(await scan, preset, now);

    private PhaseOutcome Scanned(ScanOutcome scan, TradingPreset preset, DateTimeOffset now)
    {
        _scan = scan;
        var free = FreeSlots(preset);
        if (_wants(EngineEventKinds.Scans))
        {
            _publish(new ScanCompletedEvent(_engineId, now, scan) { FreeSlots = free });
        }
        Funnel.RecordScan(scan);
        if (free <= 0)
        {
            Funnel.RecordSlotsFull(scan.PassedFilters);
            return new PhaseOutcome(TradingState.Managing, false, "all slots taken");
        }
        if (scan.PassedFilters > 0)
        {
            return new PhaseOutcome(TradingState.LevelBuilding, true, PhaseReasons.Passed(scan.PassedFilters, scan.Count));
        }
        return _positions.ActiveCount > 0
            ? new PhaseOutcome(TradingState.Managing, false, "no candidates; managing open positions")
            : PhaseOutcome.Stay("no candidates");
    }

    private PhaseOutcome BuildLevels(TradingPreset preset, DateTimeOffset now)
    {
        // Published candidates are immutable copies; when no one takes them, the engine reads them before its next
        // scan and they need no copies of the markets' scan objects.
        var published = _wants(EngineEventKinds.Scans);
        _candidates = _scan is null ? [] : _scanning.BuildLevels(_scan, preset, published ? null : _ownCandidates);
        if (published)
        {
            _publish(new LevelsBuiltEvent(_engineId, now, _candidates, Math.Max(1, preset.ScannerConfig.MaxCandidates)));
        }
        Funnel.RecordLevels(_candidates.Count);
        return _candidates.Count > 0
            ? new PhaseOutcome(TradingState.SignalWait, true, PhaseReasons.LevelsBuilt(_candidates.Count))
            : new PhaseOutcome(TradingState.Scanning, false, "no candidate has a valid level");
    }

    private PhaseOutcome WaitForSignals(TradingPreset preset, DateTimeOffset now)
    {
        var signals = _signals.Generate(_candidates, preset, now);
        Funnel.RecordSignals(signals);
        foreach (var s in signals)
        {
            _publish(new SignalEvent(_engineId, now, s, SignalStatus.Active, null));
        }
        _pendingSignals = signals;
        if (signals.Count > 0)
        {
            return new PhaseOutcome(TradingState.Sizing, true, PhaseReasons.Signals(signals.Count));
        }
        return _positions.ActiveCount > 0
            ? new PhaseOutcome(TradingState.Managing, false, "no signal; managing open positions")
            : new PhaseOutcome(TradingState.Scanning, false, "no signal");
    }

    private async ValueTask<PhaseOutcome> SizeAsync(TradingPreset preset, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var balance = await _exchange.GetBalanceAsync(cancellationToken);
        var decisions = _risk.Evaluate(
            _pendingSignals,
            _positions.Portfolio(id => _scanning.GetMarket(id)?.BtcCorrelation ?? 0d),
            preset,
            balance.Equity,
            id => _scanning.GetMarket(id)?.Instrument,
            id => _scanning.GetMarket(id)?.LiquidityBook);
        var approved = new List<ApprovedEntry>();
        foreach (var d in decisions)
        {
            Funnel.RecordDecision(d);
            _publish(new RiskDecidedEvent(_engineId, now, d));
            if (d.Approved)
            {
                approved.Add(new ApprovedEntry(d.Signal, d.Size.Quantity, d.Size.Notional, d.Size.RiskUsd, now));
            }
            else
            {
                _signals.MarkStatus(d.Signal.Id, SignalStatus.Rejected, d.Reason);
                _publish(new SignalEvent(_engineId, now, d.Signal, SignalStatus.Rejected, d.Reason));
            }
        }
        _pendingSignals = [];
        _approved = approved;
        return approved.Count > 0
            ? new PhaseOutcome(TradingState.Execution, true, PhaseReasons.Approved(approved.Count))
            : new PhaseOutcome(TradingState.Scanning, false, "risk rejected every signal");
    }

    private async ValueTask<PhaseOutcome> ExecuteAsync(TradingPreset preset, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entries = _approved;
        _approved = [];
        var opened = 0;
        foreach (var entry in entries)
        {
            Funnel.RecordOrderSent();
            var position = await _positions.OpenAsync(entry, preset, cancellationToken);
            if (position is null)
            {
                Funnel.RecordEntryFailure();
                _signals.MarkStatus(entry.Signal.Id, SignalStatus.Failed, "entry order failed");
                _publish(new SignalEvent(_engineId, now, entry.Signal, SignalStatus.Failed, "entry order failed"));
                continue;
            }
            opened++;
            Funnel.RecordFill();
            _signals.MarkStatus(entry.Signal.Id, SignalStatus.Executed, position.Id);
            _publish(new SignalEvent(_engineId, now, entry.Signal, SignalStatus.Executed, position.Id));
            _publish(new PositionOpenedEvent(_engineId, now, position));
        }
        PublishClosed();
        return _positions.ActiveCount > 0
            ? new PhaseOutcome(TradingState.Managing, false, PhaseReasons.Opened(opened))
            : new PhaseOutcome(TradingState.Scanning, false, "no entry filled");
    }

    private PhaseOutcome Manage(TradingPreset preset)
    {
        if (_positions.ActiveCount == 0)
        {
            return new PhaseOutcome(TradingState.Scanning, true, "no open positions");
        }
        return FreeSlots(preset) > 0
            ? new PhaseOutcome(TradingState.Scanning, true, "free slots: scanning for more entries")
            : new PhaseOutcome(TradingState.Managing, false, "continue managing");
    }

    private int FreeSlots(TradingPreset preset) => _risk.FreeSlots(preset.Risk, _positions.ActiveCount);

    /// <summary>
    /// Records every position closed since the last call (risk counters, closed events), whoever closed it: a cycle, or a
    /// reconciliation between cycles that booked fills the engine had missed.
    /// </summary>
    public void PublishClosed()
    {
        foreach (var p in _positions.DrainClosed())
        {
            // One net figure for the losing streak and the day's R: the position's, after every fee (funding is the account's,
            // not attributed to positions by the engine; ADR-007).
            _risk.RecordClosedTrade(p.NetRealizedPnl, p.InR(p.NetRealizedPnl), p.ClosedAt ?? _time.GetUtcNow());
            _publish(new PositionClosedEvent(_engineId, p.ClosedAt ?? _time.GetUtcNow(), p));
        }
    }

    /// <summary>The instrument of each candidate, for callers that need it (status pages).</summary>
    public Instrument? InstrumentOf(string id) => _scanning.GetMarket(id)?.Instrument;
}
