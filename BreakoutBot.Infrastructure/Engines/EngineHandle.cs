using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Engine;
using BreakoutBot.Infrastructure.Monitoring.Metrics;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// One engine in the registry: its owner, name, own market and paper account, and the status cache that pages read
/// (pages never wait on the engine). The cycle job calls <see cref="RunCycleAsync"/>; the status job and every cycle
/// and command call <see cref="RefreshStatus"/>.
/// </summary>
public sealed class EngineHandle : IDisposable
{
    /// <summary>How often an engine that is not running (idle or stopped) is looked at again.</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    /// <summary>Equity samples kept for the chart (and read back from storage after a restart).</summary>
    public const int MaxEquitySamples = 500;
    private const int MaxCyclesPerBar = 12;
    private readonly TimeProvider _wallClock;
    private readonly Lock _samplesGate = new();
    private readonly Queue<EquitySample> _samples = new();
    private EquitySample[] _samplesView = [];
    private EngineStatus _status;
    private DateTimeOffset? _lastJobRunAt;
    private ExchangeReconciler? _reconciler;
    private EngineCommandProgress? _command;
    private PresetSlotsRead? _presetSlots;

    public EngineHandle(string id, string ownerId, string name, string presetName, TradingEngine engine, IEngineMarket market, TimeProvider wallClock, ExchangeRecorder? recorder = null, EngineCreateOptions? options = null, PinnedPresetSource? presets = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(ownerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = id;
        OwnerId = ownerId;
        Name = name;
        PresetName = presetName;
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        Market = market ?? throw new ArgumentNullException(nameof(market));
        _wallClock = wallClock ?? throw new ArgumentNullException(nameof(wallClock));
        Recorder = recorder;
        Options = options ?? new EngineCreateOptions();
        Presets = presets ?? new PinnedPresetSource(CatalogPresetSource.Instance);
        CreatedAt = wallClock.GetUtcNow();
        _status = engine.Status;
    }

    public string Id { get; }

    public string OwnerId { get; }

    public string Name { get; }

    /// <summary>The preset the engine was created with (offered first when it is started).</summary>
    public string PresetName { get; }

    /// <summary>The presets as this engine reads them: each pinned to one version until the owner applies another.</summary>
    public PinnedPresetSource Presets { get; }

    /// <summary>The version of <see cref="PresetName"/> the engine is pinned to (null without versions or before it first read it).</summary>
    public int? PresetVersion => Presets.PinnedVersion(PresetName);

    public DateTimeOffset CreatedAt { get; internal set; }

    /// <summary>How the engine's market and paper account were set up (kept so a restart can rebuild them).</summary>
    public EngineCreateOptions Options { get; }

    /// <summary>Reports the exchange's orders, fills, positions and equity for storage; null when nothing is stored.</summary>
    public ExchangeRecorder? Recorder { get; }

    /// <summary>How many times the engine was rebuilt after a restart (0 for a new engine).</summary>
    public int Generation { get; internal set; }

    /// <summary>Set when the engine was rebuilt from storage after a restart: when, and what came back.</summary>
    public EngineRestoreNote? Restored { get; internal set; }

    public TradingEngine Engine { get; }

    public IEngineMarket Market { get; }

    /// <summary>How long <see cref="PresetSlots"/> reuses its read of the preset.</summary>
    public static readonly TimeSpan PresetSlotsMaxAge = TimeSpan.FromSeconds(5);

    /// <summary>
    /// True until the engine is first started: its account has not been read (its status says equity 0) and no preset
    /// is loaded (0 slots).
    /// </summary>
    public bool NeverStarted => Status is { State: TradingState.Idle, StartedAt: null, LastBarTime: null };

    /// <summary>
    /// The positions the preset the engine was created with allows at once (its pinned version, else the latest, read
    /// without pinning it; at most <see cref="PresetSlotsMaxAge"/> old), for showing before the engine loads it at
    /// start; null when there is no such preset.
    /// </summary>
    public int? PresetSlots()
    {
        var now = _wallClock.GetUtcNow();
        if (Volatile.Read(ref _presetSlots) is { } read && now - read.At < PresetSlotsMaxAge)
        {
            return read.Slots;
        }
        var slots = Presets.Peek(PresetName)?.Risk.MaxConcurrentPositions;
        Volatile.Write(ref _presetSlots, new PresetSlotsRead(now, slots));
        return slots;
    }

    /// <summary>The cached status snapshot; reading it never touches the engine.</summary>
    public EngineStatus Status => Volatile.Read(ref _status);

    /// <summary>Wall-clock time of the cycle job's last run (null before the first).</summary>
    public DateTimeOffset? LastJobRunAt => _lastJobRunAt;

    /// <summary>Recent equity, oldest first (at most 500 samples, one per market bar).</summary>
    public IReadOnlyList<EquitySample> EquityCurve => Volatile.Read(ref _samplesView);

    /// <summary>
    /// True when the engine is in a state whose cycles do something (anything but idle and stopped; paused included, as its
    /// cycles protect open positions). Not the <c>running</c> clients read, which is false while paused (<see cref="TradingStates.IsRunning"/>).
    /// </summary>
    public bool IsRunning => Engine.State is not (TradingState.Idle or TradingState.Stopped);

    /// <summary>
    /// Told when the cached status or the background command changed (the registry sets it to push the change live);
    /// called on the thread that made the change and must not wait.
    /// </summary>
    internal Action<EngineHandle>? Changed { get; set; }

    /// <summary>Copies the engine's status into the cache and records an equity sample for a new bar.</summary>
    public EngineStatus RefreshStatus()
    {
        var status = Engine.Status;
        var before = Interlocked.Exchange(ref _status, status);
        if (!ReferenceEquals(before, status))
        {
            Changed?.Invoke(this);
        }
        // No sample from an engine that was never started: its equity is not read yet (0), and a point at 0 would start
        // every new engine's chart with a fall to nothing.
        if (status.LastBarTime is null && status.State == TradingState.Idle)
        {
            return status;
        }
        var time = status.LastBarTime ?? Market.Clock.GetUtcNow();
        lock (_samplesGate)
        {
            if (_samples.Count == 0 || _samples.Last().Time < time)
            {
                _samples.Enqueue(new EquitySample(time, status.Equity));
                while (_samples.Count > MaxEquitySamples)
                {
                    _samples.Dequeue();
                }
                Volatile.Write(ref _samplesView, _samples.ToArray());
            }
        }
        return status;
    }

    /// <summary>
    /// Starts the equity curve with samples stored before a restart (oldest first), so the chart goes on from the
    /// engine's earlier history instead of starting at the restart; samples already taken stay after them.
    /// </summary>
    internal void SeedEquity(IReadOnlyList<EquitySample> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        lock (_samplesGate)
        {
            var taken = _samples.ToList();
            _samples.Clear();
            foreach (var sample in stored.Where(s => taken.Count == 0 || s.Time < taken[0].Time).TakeLast(MaxEquitySamples))
            {
                _samples.Enqueue(sample);
            }
            foreach (var sample in taken)
            {
                _samples.Enqueue(sample);
            }
            while (_samples.Count > MaxEquitySamples)
            {
                _samples.Dequeue();
            }
            Volatile.Write(ref _samplesView, _samples.ToArray());
        }
    }

    /// <summary>
    /// One run of the cycle job: while the engine runs, steps its market one bar and runs the engine until it rests.
    /// Returns when the job should run next: the replay's bar pace while running, <see cref="IdlePoll"/> otherwise.
    /// </summary>
    public async Task<TimeSpan> RunCycleAsync(CancellationToken cancellationToken = default)
    {
        _lastJobRunAt = _wallClock.GetUtcNow();
        if (!IsRunning)
        {
            RefreshStatus();
            return IdlePoll;
        }
        if (!await Market.AdvanceAsync(cancellationToken))
        {
            // The replay has run out of bars: nothing new to trade on.
            RefreshStatus();
            return IdlePoll;
        }
        var result = await RunUntilRestAsync(cancellationToken);
        await CollectAsync(cancellationToken);
        RefreshStatus();
        return NextDelay(result, Market.BarInterval);
    }

    /// <summary>
    /// Runs cycles while the pipeline asks to continue at once (at most <see cref="MaxCyclesPerBar"/>), as
    /// <see cref="TradingEngine.RunUntilRestAsync"/> does, timing each one for the metrics by the phase it ran in.
    /// </summary>
    private async Task<CycleResult> RunUntilRestAsync(CancellationToken cancellationToken)
    {
        CycleResult result;
        var n = 0;
        do
        {
            var phase = Engine.State;
            var started = _wallClock.GetTimestamp();
            result = await Engine.RunCycleAsync(cancellationToken);
            if (result.Ran)
            {
                BotMetrics.RecordCycle(Id, phase, _wallClock.GetElapsedTime(started));
            }
            n++;
        }
        while (result.ContinueImmediately && n < MaxCyclesPerBar);
        return result;
    }

    /// <summary>
    /// The delay before the next cycle: a replay's bar pace when there is one (faster than live), else the engine's own
    /// suggestion for its state (scanning 5 s, signal wait 2 s, managing 1 s).
    /// </summary>
    public static TimeSpan NextDelay(CycleResult result, TimeSpan? barPace) => barPace ?? result.SuggestedDelay;

    /// <summary>True when the engine trades on an exchange account (not a simulated one): it reconciles before it may trade again.</summary>
    public bool TradesOnExchange => !Market.IsReplay && Market.Paper is null;

    /// <summary>Runs an operator command and refreshes the cache at once, so the page shows its effect.</summary>
    public async Task<CommandResult> ExecuteAsync(EngineCommand command, string? presetName, CancellationToken cancellationToken = default)
    {
        var result = await Engine.ExecuteAsync(command, presetName ?? (command == EngineCommand.Start ? Engine.Preset?.Name ?? PresetName : null), Options.Mode, cancellationToken);
        await CollectAsync(cancellationToken);
        RefreshStatus();
        return result;
    }

    /// <summary>The command running in the background, or the last one that ran there (null before the first).</summary>
    public EngineCommandProgress? CommandProgress => Volatile.Read(ref _command);

    /// <summary>Claims the engine for a background command; false while another one is still pending.</summary>
    public bool TryBeginCommand(EngineCommandProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var current = Volatile.Read(ref _command);
        if (current is { IsPending: true } || !ReferenceEquals(Interlocked.CompareExchange(ref _command, progress, current), current))
        {
            return false;
        }
        Changed?.Invoke(this);
        return true;
    }

    /// <summary>Records the background command's next step or its outcome.</summary>
    public void ReportCommand(EngineCommandProgress progress)
    {
        Volatile.Write(ref _command, progress ?? throw new ArgumentNullException(nameof(progress)));
        Changed?.Invoke(this);
    }

    /// <summary>The last reconciliation with the exchange (null before the first).</summary>
    public ReconciliationReport? LastReconciliation { get; private set; }

    private DateTimeOffset? _lastReconciledAt;

    /// <summary>
    /// True when this engine trades on an exchange account, runs, and was last reconciled <paramref name="interval"/> or
    /// longer ago (wall clock): the cycle job then reconciles it between cycles.
    /// </summary>
    public bool IsReconcileDue(TimeSpan interval) =>
        interval > TimeSpan.Zero && TradesOnExchange && IsRunning
        && (_lastReconciledAt is not { } last || _wallClock.GetUtcNow() - last >= interval);

    /// <summary>
    /// Compares the engine's positions and orders with the exchange and resolves the differences by the
    /// <see cref="ExchangeReconciler"/> rule, between cycles; the report is kept for the dashboard.
    /// </summary>
    public async Task<ReconciliationReport> ReconcileAsync(string trigger, CancellationToken cancellationToken = default)
    {
        // One reconciler per engine: the client ids of its closing orders are numbered across calls.
        var reconciler = _reconciler ??= new ExchangeReconciler(Recorder is not null ? Recorder : Market.Exchange, Engine.Positions, Market.Clock, EngineAssembly.ClientIdPrefix(Id), () => Engine.Preset);
        var report = await Engine.RunExclusiveAsync(ct => reconciler.ReconcileAsync(trigger, null, ct), cancellationToken);
        try
        {
            await CollectAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The account could not be read after it (OKX refused the key set, or went away): the report says so, and a
            // start or resume is refused with it, instead of the exception escaping the command.
            report = report with { Error = report.Error ?? ex.Message };
        }
        LastReconciliation = report;
        _lastReconciledAt = _wallClock.GetUtcNow();
        RefreshStatus();
        return report;
    }

    /// <summary>Hands what changed on the exchange to the recorder (orders, fills, positions, equity).</summary>
    public async Task CollectAsync(CancellationToken cancellationToken = default)
    {
        if (Recorder is not null)
        {
            await Recorder.CollectAsync(Engine.Positions.OpenPositions, cancellationToken);
        }
    }

    public void Dispose()
    {
        Engine.Dispose();
        Recorder?.Dispose();
        Market.Dispose();
    }

    private sealed record PresetSlotsRead(DateTimeOffset At, int? Slots);
}
