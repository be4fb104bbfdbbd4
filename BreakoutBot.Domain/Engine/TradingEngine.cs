using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// The breakout engine (the seed's OptimizedOrchestraEngine): owns the state machine, runs one cycle at a time through
/// the <see cref="TradingOrchestrator"/>, takes operator commands, and publishes a status snapshot and events.
/// Commands and cycles are serialised, so a command never lands in the middle of a phase.
/// </summary>
public sealed partial class TradingEngine : IDisposable
{
    private const string Component = "engine";
    private static readonly TimeSpan ErrorRecoveryDelay = TimeSpan.FromSeconds(30);
    private readonly EngineStateMachine _stateMachine;
    private readonly TradingOrchestrator _orchestrator;
    private readonly IScanningManager _scanning;
    private readonly ISignalManager _signals;
    private readonly IRiskManager _risk;
    private readonly IPositionManager _positions;
    private readonly IExchangeClient _exchange;
    private readonly IErrorHandler _errors;
    private readonly IPresetSource _presets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _cycleLock = new(1, 1);
    private Subscriber[] _subscribers = [];
    // The kinds some subscriber takes: an event of another kind is not made.
    private int _wanted;
    private readonly object _subscriberGate = new();
    private readonly IDisposable _transitionSubscription;
    private TradingPreset? _preset;
    private TradingMode _mode;
    private DateTimeOffset? _startedAt;
    // Net realised P&L of the trades closed on the restored risk day before a restart (those positions are not in memory).
    private (DateOnly Day, decimal Net)? _restoredDayNet;
    private DateTimeOffset? _lastCycleAt;
    private DateTimeOffset? _lastManagedAt;
    private DateTimeOffset? _errorSince;
    private long _cycleCount;
    private string? _lastError;
    private EngineStatus _status;
    private int _statusVersion;
    private int _statusBuiltVersion;
    private readonly object _statusGate = new();

    public TradingEngine(
        string engineId,
        IScanningManager scanning,
        ISignalManager signals,
        IRiskManager risk,
        IExecutionManager execution,
        IPositionManager positions,
        IExchangeClient exchange,
        IErrorHandler errors,
        IPresetSource presets,
        TimeProvider time,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(engineId);
        ArgumentNullException.ThrowIfNull(execution);
        EngineId = engineId;
        _scanning = scanning ?? throw new ArgumentNullException(nameof(scanning));
        _signals = signals ?? throw new ArgumentNullException(nameof(signals));
        _risk = risk ?? throw new ArgumentNullException(nameof(risk));
        _positions = positions ?? throw new ArgumentNullException(nameof(positions));
        _exchange = exchange ?? throw new ArgumentNullException(nameof(exchange));
        _errors = errors ?? throw new ArgumentNullException(nameof(errors));
        _presets = presets ?? throw new ArgumentNullException(nameof(presets));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<TradingEngine>();
        _stateMachine = new EngineStateMachine(TradingState.Idle, time, loggerFactory.CreateLogger<EngineStateMachine>());
        _orchestrator = new TradingOrchestrator(engineId, scanning, signals, risk, positions, exchange, time, Publish, Wants);
        // Transitions become events only while someone takes state changes (a replay without an observer does not).
        _transitionSubscription = _stateMachine.Subscribe(
            t => Publish(new StateChangedEvent(EngineId, t.Time, t)),
            () => Wants(EngineEventKinds.StateChanges));
        _status = BuildStatus(null);
    }

    public string EngineId { get; }

    public TradingState State => _stateMachine.Current;

    public EngineStateMachine StateMachine => _stateMachine;

    public TradingPreset? Preset => Volatile.Read(ref _preset);

    public TradingMode Mode => _mode;

    public IPositionManager Positions => _positions;

    /// <summary>The signal manager, read-only for dashboards: active signals and recent history.</summary>
    public ISignalManager Signals => _signals;

    /// <summary>The last completed scan (every instrument with its filter values and thresholds), null before the first.</summary>
    public ScanOutcome? LastScan => _scanning.LastScan;

    /// <summary>The scan funnel since the engine was created (ADR-009); the status carries a snapshot of it.</summary>
    public ScanFunnel Funnel => _orchestrator.Funnel.Snapshot().Cumulative;

    /// <summary>The conditions some scan since the engine was created could not check (open interest, benchmark, level 2).</summary>
    public UncheckedConditions NotChecked => _orchestrator.Funnel.NotChecked;

    /// <summary>Sends the handler every event the engine publishes.</summary>
    public IDisposable Subscribe(Action<EngineEvent> handler) => Subscribe(handler, EngineEventKinds.All);

    /// <summary>Sends the handler the engine's events of these kinds.</summary>
    public IDisposable Subscribe(Action<EngineEvent> handler, EngineEventKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscriber = new Subscriber(handler, kinds);
        lock (_subscriberGate)
        {
            SetSubscribers([.. _subscribers, subscriber]);
        }
        return new Unsubscriber(this, subscriber);
    }

    private bool Wants(EngineEventKinds kinds) => (Volatile.Read(ref _wanted) & (int)kinds) != 0;

    private void SetSubscribers(Subscriber[] subscribers)
    {
        var wanted = EngineEventKinds.None;
        foreach (var s in subscribers)
        {
            wanted |= s.Kinds;
        }
        Volatile.Write(ref _subscribers, subscribers);
        Volatile.Write(ref _wanted, (int)wanted);
    }

    private static EngineEventKinds KindOf(EngineEvent e) => e switch
    {
        StateChangedEvent => EngineEventKinds.StateChanges,
        ScanCompletedEvent or LevelsBuiltEvent => EngineEventKinds.Scans,
        _ => EngineEventKinds.Trading,
    };

    public void Dispose()
    {
        _transitionSubscription.Dispose();
        _cycleLock.Dispose();
    }

    private void Publish(EngineEvent e)
    {
        var kind = KindOf(e);
        foreach (var s in Volatile.Read(ref _subscribers))
        {
            if ((s.Kinds & kind) == 0)
            {
                continue;
            }
            try
            {
                s.Handler(e);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "An engine event subscriber failed on {Event}.", e.GetType().Name);
            }
        }
    }

    private sealed record Subscriber(Action<EngineEvent> Handler, EngineEventKinds Kinds);

    private sealed class Unsubscriber(TradingEngine owner, Subscriber subscriber) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._subscriberGate)
            {
                owner.SetSubscribers(Array.FindAll(owner._subscribers, s => !ReferenceEquals(s, subscriber)));
            }
        }
    }

    /// <summary>A compact "state preset mode" line for logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{EngineId} {State.ToWireName()} {Preset?.Name} {_mode}");
}
