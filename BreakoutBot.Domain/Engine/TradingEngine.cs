using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// The breakout engine (the seed's OptimizedOrchestraEngine): owns the state machine, runs one cycle at a time through
/// the <see cref="TradingOrchestrator"/>, takes operator commands, and publishes a status snapshot and events.
/// Commands and cycles are serialised, so a command never lands in the middle of a phase.
/// </summary>
public sealed class TradingEngine : IDisposable
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
        _transitionSubscription = _stateMachine.Subscribe(t =>
        {
            Publish(new StateChangedEvent(EngineId, t.Time, t));
            return ValueTask.CompletedTask;
        });
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

    /// <summary>
    /// The status snapshot as of the last cycle or command. Readers never wait on the engine: the engine only marks the
    /// snapshot stale, and the first reader after that builds a new one from the managers' own thread-safe views.
    /// </summary>
    public EngineStatus Status
    {
        get
        {
            var version = Volatile.Read(ref _statusVersion);
            if (Volatile.Read(ref _statusBuiltVersion) == version)
            {
                return Volatile.Read(ref _status);
            }
            lock (_statusGate)
            {
                if (_statusBuiltVersion != version)
                {
                    Volatile.Write(ref _status, BuildStatus(Preset));
                    Volatile.Write(ref _statusBuiltVersion, version);
                }
                return _status;
            }
        }
    }

    /// <summary>Commands that are valid in the current state; any other command is refused without effect.</summary>
    public IReadOnlyList<EngineCommand> AvailableCommands => CommandsFor(State, Preset is not null);

    public static IReadOnlyList<EngineCommand> CommandsFor(TradingState state, bool hasPreset)
    {
        var list = new List<EngineCommand>(6);
        switch (state)
        {
            case TradingState.Idle:
                list.Add(EngineCommand.Start);
                break;
            case TradingState.Initializing:
                list.AddRange([EngineCommand.Stop, EngineCommand.EmergencyStop, EngineCommand.KillSwitch]);
                break;
            case TradingState.Scanning:
            case TradingState.LevelBuilding:
            case TradingState.SignalWait:
            case TradingState.Sizing:
            case TradingState.Execution:
            case TradingState.Managing:
                list.AddRange([EngineCommand.Stop, EngineCommand.Pause, EngineCommand.Reload, EngineCommand.EmergencyStop, EngineCommand.KillSwitch]);
                break;
            case TradingState.Paused:
                list.AddRange([EngineCommand.Resume, EngineCommand.Stop, EngineCommand.Reload, EngineCommand.EmergencyStop, EngineCommand.KillSwitch]);
                break;
            case TradingState.Error:
                list.AddRange([EngineCommand.Resume, EngineCommand.Stop, EngineCommand.EmergencyStop, EngineCommand.KillSwitch, EngineCommand.Reset]);
                break;
            case TradingState.Emergency:
                list.AddRange([EngineCommand.Stop, EngineCommand.Reset]);
                break;
            case TradingState.Stopped:
                list.AddRange([EngineCommand.Start, EngineCommand.Reset]);
                break;
        }
        if (!hasPreset)
        {
            // Both need a loaded preset: after a start that failed while initialising only Stop, Reset and the emergency commands work.
            list.Remove(EngineCommand.Reload);
            list.Remove(EngineCommand.Resume);
        }
        return list;
    }

    public IDisposable Subscribe(Action<EngineEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_subscriberGate)
        {
            _subscribers = [.. _subscribers, handler];
        }
        return new Unsubscriber(this, handler);
    }

    /// <summary>Starts (or restarts) the engine with a preset in a mode: IDLE/STOPPED → INITIALIZING → SCANNING.</summary>
    public async Task<CommandResult> StartAsync(string presetName, TradingMode mode, CancellationToken cancellationToken = default)
    {
        var preset = _presets.Find(presetName);
        if (preset is null)
        {
            return CommandResult.Fail(EngineCommand.Start, State, $"Unknown preset '{presetName}'.");
        }
        return await StartAsync(preset, mode, cancellationToken);
    }

    public async Task<CommandResult> StartAsync(TradingPreset preset, TradingMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return await RunCommandAsync(EngineCommand.Start, async before =>
        {
            if (before is not (TradingState.Idle or TradingState.Stopped))
            {
                return CommandResult.Fail(EngineCommand.Start, before, $"The engine is already {before.ToWireName()}; stop it first.");
            }
            if (_risk.KillSwitch is { Triggered: true } fired)
            {
                return CommandResult.Fail(EngineCommand.Start, before, $"The kill switch fired ({fired.Reason}); reset the engine before starting it again.");
            }
            var errors = PresetValidator.Validate(preset);
            if (errors.Count > 0)
            {
                return CommandResult.Fail(EngineCommand.Start, before, "Invalid preset: " + string.Join("; ", errors.Select(e => e.Field + ": " + e.Message)));
            }
            if (mode != TradingMode.Paper && string.Equals(_exchange.Name, "paper", StringComparison.OrdinalIgnoreCase))
            {
                return CommandResult.Fail(EngineCommand.Start, before, $"Mode {mode} needs an exchange account; this engine is connected to the paper exchange.");
            }
            var init = await _stateMachine.TransitionToAsync(TradingState.Initializing, "start", Meta("preset", preset.Name, "mode", mode.ToString()), cancellationToken: cancellationToken);
            if (!init.Succeeded)
            {
                return CommandResult.Fail(EngineCommand.Start, before, init.Message);
            }
            try
            {
                var balance = await _exchange.GetBalanceAsync(cancellationToken);
                _risk.Observe(balance.Equity, _time.GetUtcNow(), preset.Risk);
                _scanning.Reconfigure(preset);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _lastError = "Initialisation failed: " + ex.Message;
                // Forget any preset of an earlier run: ERROR must not recover on its own into trading a preset nobody asked for.
                Volatile.Write(ref _preset, null);
                await _stateMachine.TransitionToAsync(TradingState.Error, _lastError, cancellationToken: cancellationToken);
                _errorSince = _time.GetUtcNow();
                return new CommandResult(EngineCommand.Start, false, _lastError, before, State);
            }
            Volatile.Write(ref _preset, preset);
            _mode = mode;
            _startedAt = _time.GetUtcNow();
            _lastError = null;
            var next = _positions.ActiveCount > 0 ? TradingState.Managing : TradingState.Scanning;
            var done = await _stateMachine.TransitionToAsync(TradingState.Scanning, "initialisation complete", cancellationToken: cancellationToken);
            if (done.Succeeded && next == TradingState.Managing)
            {
                await _stateMachine.TransitionToAsync(TradingState.Managing, "open positions carried over", cancellationToken: cancellationToken);
            }
            return new CommandResult(EngineCommand.Start, done.Succeeded, done.Succeeded ? $"Started {preset.Name} in {mode} mode." : done.Message, before, State);
        }, cancellationToken);
    }

    /// <summary>
    /// Brings an engine back after a restart of the portal: adopts the open positions restored from storage (their stops
    /// and take-profits still rest on the exchange) and moves through real transitions to the state the operator must see.
    /// An engine that was trading comes back PAUSED: positions stay managed, no new entries until someone resumes it.
    /// An engine that was stopped, idle or in emergency returns to that state.
    /// </summary>
    public async Task<CommandResult> RestoreAsync(RestorePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await _cycleLock.WaitAsync(cancellationToken);
        try
        {
            var before = State;
            if (before != TradingState.Idle || _cycleCount > 0)
            {
                return CommandResult.Fail(EngineCommand.Start, before, "Only a new engine can be restored.");
            }
            _positions.Adopt(plan.Positions, plan.LastFillSequence, plan.ClosedBefore, plan.RealizedNetBefore);
            if (plan.Risk is not null)
            {
                _risk.Restore(plan.Risk);
                _restoredDayNet = (plan.Risk.Day, plan.RealizedNetTodayBefore);
            }
            var target = plan.LastState switch
            {
                TradingState.Idle => TradingState.Idle,
                TradingState.Stopped => TradingState.Stopped,
                TradingState.Emergency => TradingState.Emergency,
                _ => TradingState.Paused,
            };
            var reason = plan.Reason;
            if (target == TradingState.Idle)
            {
                return new CommandResult(EngineCommand.Start, true, "Restored idle.", before, State);
            }
            if (plan.Preset is null)
            {
                // Nothing to trade with: the positions are adopted and keep their resting orders; the operator starts it.
                await _stateMachine.TransitionToAsync(TradingState.Stopped, reason + " (no preset to restore)", cancellationToken: cancellationToken);
                return new CommandResult(EngineCommand.Start, true, "Restored stopped: the preset was not found.", before, State);
            }
            Volatile.Write(ref _preset, plan.Preset);
            _mode = plan.Mode;
            _startedAt = _time.GetUtcNow();
            if (target == TradingState.Stopped)
            {
                await _stateMachine.TransitionToAsync(TradingState.Stopped, reason, cancellationToken: cancellationToken);
                return new CommandResult(EngineCommand.Start, true, "Restored stopped.", before, State);
            }
            await _stateMachine.TransitionToAsync(TradingState.Initializing, reason, Meta("preset", plan.Preset.Name, "mode", plan.Mode.ToString(), "positions", plan.Positions.Count.ToString(CultureInfo.InvariantCulture)), cancellationToken: cancellationToken);
            var balance = await _exchange.GetBalanceAsync(cancellationToken);
            _risk.Observe(balance.Equity, _time.GetUtcNow(), plan.Preset.Risk);
            _scanning.Reconfigure(plan.Preset);
            if (target == TradingState.Emergency)
            {
                await _stateMachine.TransitionToAsync(TradingState.Emergency, reason + " (was in emergency)", cancellationToken: cancellationToken);
                return new CommandResult(EngineCommand.Start, true, "Restored in emergency.", before, State);
            }
            await _stateMachine.TransitionToAsync(TradingState.Scanning, "restore: initialisation complete", cancellationToken: cancellationToken);
            var r = await _stateMachine.TransitionToAsync(TradingState.Paused, reason + "; paused until an operator resumes", cancellationToken: cancellationToken);
            return new CommandResult(EngineCommand.Start, r.Succeeded,
                r.Succeeded ? $"Restored paused with {plan.Positions.Count} open position(s); resume to trade." : r.Message, before, State);
        }
        finally
        {
            _cycleLock.Release();
            RefreshStatus();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> between cycles and commands (nothing else touches the managers meanwhile), e.g. a
    /// reconciliation with the exchange; the status is refreshed afterwards.
    /// </summary>
    public async Task<T> RunExclusiveAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        await _cycleLock.WaitAsync(cancellationToken);
        try
        {
            return await action(cancellationToken);
        }
        finally
        {
            _cycleLock.Release();
            RefreshStatus();
        }
    }

    /// <summary>Stops trading (→ STOPPED). Open positions keep their resting stops unless <paramref name="flatten"/>.</summary>
    public Task<CommandResult> StopAsync(bool flatten = false, string reason = "stop requested", CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.Stop, async before =>
        {
            if (!TradingStates.CanTransition(before, TradingState.Stopped))
            {
                return CommandResult.Fail(EngineCommand.Stop, before, $"Cannot stop from {before.ToWireName()}.");
            }
            _orchestrator.ResetPipeline();
            if (flatten && Preset is not null)
            {
                await _positions.FlattenAllAsync(ExitReason.Manual, cancellationToken);
                await _orchestrator.ManagePositionsAsync(Preset, false, cancellationToken);
            }
            var r = await _stateMachine.TransitionToAsync(TradingState.Stopped, reason, cancellationToken: cancellationToken);
            return new CommandResult(EngineCommand.Stop, r.Succeeded, r.Succeeded ? "Stopped." : r.Message, before, State);
        }, cancellationToken);

    /// <summary>Pauses new entries; open positions stay managed. From a mid-pipeline state the pipeline is abandoned first.</summary>
    public Task<CommandResult> PauseAsync(string reason = "pause requested", CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.Pause, async before =>
        {
            if (!before.IsTradingActive())
            {
                return CommandResult.Fail(EngineCommand.Pause, before, $"Cannot pause from {before.ToWireName()}.");
            }
            if (!TradingStates.CanTransition(before, TradingState.Paused))
            {
                _orchestrator.ResetPipeline();
                var back = await _stateMachine.TransitionToAsync(TradingState.Scanning, "pipeline abandoned for pause", cancellationToken: cancellationToken);
                if (!back.Succeeded)
                {
                    return CommandResult.Fail(EngineCommand.Pause, before, back.Message);
                }
            }
            _orchestrator.ResetPipeline();
            if (Preset is { } current)
            {
                // A pause means no new exposure: entries executing in slices stop with what has filled (ADR-009).
                await _positions.StopEntriesAsync(current, cancellationToken);
            }
            var r = await _stateMachine.TransitionToAsync(TradingState.Paused, reason, cancellationToken: cancellationToken);
            return new CommandResult(EngineCommand.Pause, r.Succeeded, r.Succeeded ? "Paused: no new entries; open positions stay protected." : r.Message, before, State);
        }, cancellationToken);

    /// <summary>Resumes from PAUSED, or recovers from ERROR: to MANAGING with positions, else SCANNING.</summary>
    public Task<CommandResult> ResumeAsync(CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.Resume, async before =>
        {
            if (before is not (TradingState.Paused or TradingState.Error))
            {
                return CommandResult.Fail(EngineCommand.Resume, before, $"Nothing to resume from {before.ToWireName()}.");
            }
            if (Preset is null)
            {
                return CommandResult.Fail(EngineCommand.Resume, before, "No preset loaded; start the engine instead.");
            }
            var target = _positions.ActiveCount > 0 ? TradingState.Managing : TradingState.Scanning;
            var r = await _stateMachine.TransitionToAsync(target, before == TradingState.Error ? "recovered by operator" : "resume", cancellationToken: cancellationToken);
            if (r.Succeeded)
            {
                _errorSince = null;
            }
            return new CommandResult(EngineCommand.Resume, r.Succeeded, r.Succeeded ? "Resumed." : r.Message, before, State);
        }, cancellationToken);

    /// <summary>Re-reads the preset by name and applies it; open positions are kept and stay managed.</summary>
    public Task<CommandResult> ReloadAsync(CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.Reload, before =>
        {
            var current = Preset;
            if (current is null || !CommandsFor(before, true).Contains(EngineCommand.Reload))
            {
                return Task.FromResult(CommandResult.Fail(EngineCommand.Reload, before, $"Reload is not available in {before.ToWireName()}."));
            }
            var fresh = _presets.Find(current.Name);
            if (fresh is null)
            {
                return Task.FromResult(CommandResult.Fail(EngineCommand.Reload, before, $"Preset '{current.Name}' no longer exists."));
            }
            var errors = PresetValidator.Validate(fresh);
            if (errors.Count > 0)
            {
                return Task.FromResult(CommandResult.Fail(EngineCommand.Reload, before, "Invalid preset: " + string.Join("; ", errors.Select(e => e.Field + ": " + e.Message))));
            }
            _scanning.Reconfigure(fresh);
            Volatile.Write(ref _preset, fresh);
            return Task.FromResult(new CommandResult(EngineCommand.Reload, true, $"Reloaded {fresh.Name}; {_positions.ActiveCount} open position(s) kept.", before, State));
        }, cancellationToken);

    /// <summary>Halts trading at once (→ EMERGENCY): pending entries are cancelled; positions are flattened when asked.</summary>
    public Task<CommandResult> EmergencyStopAsync(string reason, bool flatten = false, CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.EmergencyStop, before => EmergencyCoreAsync(EngineCommand.EmergencyStop, before, reason, flatten, cancellationToken), cancellationToken);

    /// <summary>Fires the kill switch by hand: blocks entries, flattens if the preset says so, → EMERGENCY.</summary>
    public Task<CommandResult> KillSwitchAsync(string reason = "kill switch pressed", CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.KillSwitch, before =>
        {
            var ks = _risk.Trigger(reason, _time.GetUtcNow());
            Publish(new KillSwitchEvent(EngineId, _time.GetUtcNow(), ks));
            return EmergencyCoreAsync(EngineCommand.KillSwitch, before, "kill switch: " + ks.Reason, Preset?.Risk.FlattenOnKillSwitch ?? true, cancellationToken);
        }, cancellationToken);

    /// <summary>Operator reset from STOPPED, EMERGENCY or ERROR to IDLE: re-arms the kill switch and clears the pipeline.</summary>
    public Task<CommandResult> ResetAsync(CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.Reset, async before =>
        {
            if (before is not (TradingState.Stopped or TradingState.Emergency or TradingState.Error))
            {
                return CommandResult.Fail(EngineCommand.Reset, before, $"Reset is only for a stopped, emergency or error state, not {before.ToWireName()}.");
            }
            var r = await _stateMachine.TransitionToAsync(TradingState.Idle, "operator reset", cancellationToken: cancellationToken);
            if (r.Succeeded)
            {
                _orchestrator.ResetPipeline();
                _risk.Reset();
                _lastError = null;
                _errorSince = null;
            }
            return new CommandResult(EngineCommand.Reset, r.Succeeded, r.Succeeded ? "Reset to idle; kill switch re-armed." : r.Message, before, State);
        }, cancellationToken);

    public Task<CommandResult> ExecuteAsync(EngineCommand command, string? presetName = null, TradingMode mode = TradingMode.Paper, CancellationToken cancellationToken = default) => command switch
    {
        EngineCommand.Start => StartAsync(presetName ?? Preset?.Name ?? "breakout_v1", mode, cancellationToken),
        EngineCommand.Stop => StopAsync(cancellationToken: cancellationToken),
        EngineCommand.Pause => PauseAsync(cancellationToken: cancellationToken),
        EngineCommand.Resume => ResumeAsync(cancellationToken),
        EngineCommand.Reload => ReloadAsync(cancellationToken),
        EngineCommand.EmergencyStop => EmergencyStopAsync("emergency stop pressed", false, cancellationToken),
        EngineCommand.KillSwitch => KillSwitchAsync(cancellationToken: cancellationToken),
        EngineCommand.Reset => ResetAsync(cancellationToken),
        _ => Task.FromResult(CommandResult.Fail(command, State, "Unknown command.")),
    };

    /// <summary>Runs one cycle: position management when positions exist, then the phase of the current state.</summary>
    public async Task<CycleResult> RunCycleAsync(CancellationToken cancellationToken = default)
    {
        await _cycleLock.WaitAsync(cancellationToken);
        try
        {
            return await CycleCoreAsync(cancellationToken);
        }
        finally
        {
            _cycleLock.Release();
            RefreshStatus();
        }
    }

    /// <summary>Runs cycles while the pipeline asks to continue at once (at most <paramref name="maxCycles"/>): one "tick" of a replay.</summary>
    public async Task<CycleResult> RunUntilRestAsync(int maxCycles = 10, CancellationToken cancellationToken = default)
    {
        CycleResult result;
        var n = 0;
        do
        {
            result = await RunCycleAsync(cancellationToken);
            n++;
        }
        while (result.ContinueImmediately && n < maxCycles);
        return result;
    }

    public void Dispose()
    {
        _transitionSubscription.Dispose();
        _stateMachine.Dispose();
        _cycleLock.Dispose();
    }

    private async Task<CycleResult> CycleCoreAsync(CancellationToken cancellationToken)
    {
        var state = State;
        var preset = Preset;
        if (preset is null || state is TradingState.Idle or TradingState.Initializing or TradingState.Stopped)
        {
            return new CycleResult(state, false, CycleResult.DelayFor(state), false);
        }
        var now = _time.GetUtcNow();
        _lastCycleAt = now;
        Interlocked.Increment(ref _cycleCount);
        var phase = state.ToWireName();
        try
        {
            // Positions are managed on every cycle that has them, whatever the phase (stops and time exits never wait).
            if (_positions.ActiveCount > 0 && (_lastManagedAt != now || state == TradingState.Managing))
            {
                // Pull the positions' instruments first so stops, trailing and time exits act on this bar, not the last.
                const bool refresh = true;
                await _orchestrator.ManagePositionsAsync(preset, refresh, cancellationToken);
                _lastManagedAt = now;
                _errors.RecordSuccess(Component, "managing");
            }
            // Positions closed outside a cycle (a reconciliation booking fills missed while away) count like any others.
            _orchestrator.PublishClosed();

            // Equity feeds the daily counters and the kill switch on every cycle (after this cycle's fills).
            var balance = await _exchange.GetBalanceAsync(cancellationToken);
            var risk = _risk.Observe(balance.Equity, now, preset.Risk);
            if (risk.KillSwitch.Triggered && state != TradingState.Emergency)
            {
                Publish(new KillSwitchEvent(EngineId, now, risk.KillSwitch));
                await EmergencyCoreAsync(EngineCommand.KillSwitch, state, "kill switch: " + risk.KillSwitch.Reason, preset.Risk.FlattenOnKillSwitch, cancellationToken);
                return new CycleResult(State, false, CycleResult.DelayFor(State), true);
            }

            if (state == TradingState.Error)
            {
                return await TryRecoverAsync(now, cancellationToken);
            }
            if (state is TradingState.Paused or TradingState.Emergency)
            {
                return new CycleResult(state, false, CycleResult.DelayFor(state), true);
            }

            var outcome = await _orchestrator.RunPhaseAsync(state, preset, cancellationToken);
            _errors.RecordSuccess(Component, phase);
            if (outcome.Next is { } next)
            {
                var r = await _stateMachine.TransitionToAsync(next, outcome.Reason, cancellationToken: cancellationToken);
                if (!r.Succeeded && r.Outcome != TransitionOutcome.Ignored)
                {
                    _logger.LogWarning("Transition {From} → {To} refused: {Message}", state, next, r.Message);
                    return new CycleResult(State, false, CycleResult.DelayFor(State), true);
                }
            }
            return new CycleResult(State, outcome.ContinueImmediately, CycleResult.DelayFor(State), true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return await HandleCycleErrorAsync(phase, ex, cancellationToken);
        }
    }

    private async Task<CycleResult> HandleCycleErrorAsync(string phase, Exception ex, CancellationToken cancellationToken)
    {
        var decision = _errors.Handle(Component, phase, ex);
        var now = _time.GetUtcNow();
        _lastError = $"{phase}: {ex.Message}";
        Publish(new EngineErrorEvent(EngineId, now, decision));
        _logger.LogError(ex, "Cycle failed in {Phase}: {Decision}", phase, decision.Message);
        if (decision.NextState == TradingState.Emergency)
        {
            await EmergencyCoreAsync(EngineCommand.EmergencyStop, State, "critical error: " + ex.Message, false, cancellationToken);
        }
        else if (decision.NextState == TradingState.Error || decision.CircuitOpen)
        {
            _orchestrator.ResetPipeline();
            var r = await _stateMachine.TransitionToAsync(TradingState.Error, _lastError, Meta("phase", phase, "category", decision.Category.ToString()), cancellationToken: cancellationToken);
            if (r.Succeeded)
            {
                _errorSince = now;
            }
        }
        var delay = decision.ShouldRetry ? decision.Delay : CycleResult.DelayFor(State);
        return new CycleResult(State, false, delay, true);
    }

    private async Task<CycleResult> TryRecoverAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_errorSince is { } since && now - since < ErrorRecoveryDelay)
        {
            return new CycleResult(State, false, ErrorRecoveryDelay - (now - since), true);
        }
        var target = _positions.ActiveCount > 0 ? TradingState.Managing : TradingState.Scanning;
        var r = await _stateMachine.TransitionToAsync(target, "automatic recovery", cancellationToken: cancellationToken);
        if (r.Succeeded)
        {
            _errorSince = null;
        }
        return new CycleResult(State, false, CycleResult.DelayFor(State), true);
    }

    private async Task<CommandResult> EmergencyCoreAsync(EngineCommand command, TradingState before, string reason, bool flatten, CancellationToken cancellationToken)
    {
        if (!TradingStates.CanTransition(before, TradingState.Emergency))
        {
            return CommandResult.Fail(command, before, $"Cannot go to emergency from {before.ToWireName()}.");
        }
        _orchestrator.ResetPipeline();
        var r = await _stateMachine.TransitionToAsync(TradingState.Emergency, reason, cancellationToken: cancellationToken);
        if (!r.Succeeded)
        {
            return CommandResult.Fail(command, before, r.Message);
        }
        if (Preset is { } current)
        {
            // No entry keeps adding slices after an emergency (ADR-009).
            await _positions.StopEntriesAsync(current, cancellationToken);
        }
        var closed = 0;
        if (flatten && Preset is { } preset)
        {
            closed = await _positions.FlattenAllAsync(command == EngineCommand.KillSwitch ? ExitReason.KillSwitch : ExitReason.EmergencyStop, cancellationToken);
            await _orchestrator.ManagePositionsAsync(preset, false, cancellationToken);
        }
        var message = flatten ? $"Emergency: {reason}; {closed} position(s) closed at market." : $"Emergency: {reason}; open positions keep their resting stops.";
        return new CommandResult(command, true, message, before, State);
    }

    private async Task<CommandResult> RunCommandAsync(EngineCommand command, Func<TradingState, Task<CommandResult>> body, CancellationToken cancellationToken)
    {
        await _cycleLock.WaitAsync(cancellationToken);
        try
        {
            var before = State;
            var offered = CommandsFor(before, Preset is not null);
            var result = offered.Contains(command)
                ? await body(before)
                : CommandResult.Fail(command, before, $"{command} is not available in {before.ToWireName()}; available: {string.Join(", ", offered)}.");
            if (result.Success)
            {
                _logger.LogInformation("Command {Command}: {Message}", command, result.Message);
            }
            else
            {
                _logger.LogWarning("Command {Command} refused: {Message}", command, result.Message);
            }
            return result;
        }
        finally
        {
            _cycleLock.Release();
            RefreshStatus();
        }
    }

    private void RefreshStatus() => Interlocked.Increment(ref _statusVersion);

    private EngineStatus BuildStatus(TradingPreset? preset)
    {
        var risk = _risk.Snapshot();
        var open = _positions.OpenPositions;
        var summaries = open.Select(PositionSummary.From).ToList();
        var slots = preset?.Risk.MaxConcurrentPositions ?? 0;
        return new EngineStatus(
            EngineId,
            State,
            _stateMachine.Previous,
            preset?.Name,
            _mode,
            _exchange.Name,
            _startedAt,
            open.Count,
            slots,
            Math.Max(0, slots - _positions.ActiveCount),
            risk.Equity,
            risk.Equity - open.Sum(p => p.UnrealizedPnl),
            risk.DailyPnl,
            risk.DailyR,
            risk.ConsecutiveLosses,
            risk.KillSwitch,
            _lastCycleAt,
            Interlocked.Read(ref _cycleCount),
            _lastError,
            CommandsFor(State, preset is not null),
            summaries,
            _stateMachine.History(20),
            _scanning.LastBarTime,
            _positions.ClosedCount,
            _positions.RealizedNetPnl,
            RealizedNetOn(risk.Day),
            open.Sum(p => p.NetPnl),
            risk.DayStartEquity);
    }

    /// <summary>Net realised P&amp;L of the positions closed on the risk day (UTC), from the same book as the since-start total.</summary>
    private decimal RealizedNetOn(DateOnly day)
    {
        var sum = _restoredDayNet is { } restored && restored.Day == day ? restored.Net : 0m;
        foreach (var p in _positions.ClosedPositions)
        {
            if (p.ClosedAt is { } closed && DateOnly.FromDateTime(closed.UtcDateTime) == day)
            {
                sum += p.NetRealizedPnl;
            }
        }
        return sum;
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

    private static Dictionary<string, string> Meta(params string[] pairs)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            d[pairs[i]] = pairs[i + 1];
        }
        return d;
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
