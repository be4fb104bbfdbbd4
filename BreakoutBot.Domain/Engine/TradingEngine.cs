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
    private Action<EngineEvent>[] _subscribers = [];
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
        _orchestrator = new TradingOrchestrator(engineId, scanning, signals, risk, positions, exchange, time, Publish);
        _transitionSubscription = _stateMachine.Subscribe(t => Publish(new StateChangedEvent(EngineId, t.Time, t)));
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

    public IDisposable Subscribe(Action<EngineEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_subscriberGate)
        {
            _subscribers = [.. _subscribers, handler];
        }
        return new Unsubscriber(this, handler);
    }

    public void Dispose()
    {
        _transitionSubscription.Dispose();
        _cycleLock.Dispose();
    }

    private void Publish(EngineEvent e)
    {
        foreach (var h in Volatile.Read(ref _subscribers))
        {
            try
            {
                h(e);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "An engine event subscriber failed on {Event}.", e.GetType().Name);
            }
        }
    }

    private sealed class Unsubscriber(TradingEngine owner, Action<EngineEvent> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._subscriberGate)
            {
                owner._subscribers = owner._subscribers.Where(h => h != handler).ToArray();
            }
        }
    }

    /// <summary>A compact "state preset mode" line for logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{EngineId} {State.ToWireName()} {Preset?.Name} {_mode}");
}
