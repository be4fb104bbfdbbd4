using System.Collections.Concurrent;
using System.Globalization;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Engine;
using BreakoutBot.Infrastructure.Engines.Push;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Infrastructure.MarketData;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// Every engine of the portal, each with an owner, its own paper account and its own replayed market. Every engine's
/// events are forwarded to the <see cref="IEngineEventSink"/> and, with its status changes, to the
/// <see cref="EngineEventBroadcaster"/> when there is one. Thread-safe.
/// </summary>
public sealed partial class EngineRegistry : IDisposable
{
    /// <summary>Owner id of engines no user owns (the default engine until ownership is assigned); Admins control them.</summary>
    public const string SystemOwner = "system";

    private readonly ConcurrentDictionary<string, Entry> _engines = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IEngineEventSink _sink;
    private readonly IPresetSource _presets;
    private readonly Lock _subscriberGate = new();
    private Action<EngineRegistryChange>[] _subscribers = [];
    private int _sequence;

    private readonly IAuditLog? _audit;

    private readonly ILiveMarketFactory? _liveMarkets;

    private readonly EngineEventBroadcaster _broadcaster;

    private readonly Cluster.EngineFence? _fence;

    private readonly Persistence.EngineInstanceStore? _rows;

    /// <param name="rows">
    /// Where <see cref="CreateAsync"/> stores a new engine's row before the engine joins (the portal's; null in tests and
    /// tools without a database, whose engines join at once).
    /// </param>
    public EngineRegistry(ILoggerFactory loggerFactory, TimeProvider time, IEngineEventSink sink, IPresetSource? presets = null, IAuditLog? audit = null, ILiveMarketFactory? liveMarkets = null, EngineEventBroadcaster? broadcaster = null, Cluster.EngineFence? fence = null, Persistence.EngineInstanceStore? rows = null)
    {
        _rows = rows;
        // On a cluster node every engine's orders pass its lease (ADR-020); on a single node there is nothing to check.
        _fence = fence is { Enabled: true } ? fence : null;
        // Without one given (tests, tools) the registry has its own, so pages built on it still follow its engines.
        _broadcaster = broadcaster ?? new EngineEventBroadcaster(time ?? TimeProvider.System, loggerFactory?.CreateLogger<EngineEventBroadcaster>() ?? throw new ArgumentNullException(nameof(loggerFactory)));
        _audit = audit;
        _liveMarkets = liveMarkets;
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _presets = presets ?? CatalogPresetSource.Instance;
        _logger = loggerFactory.CreateLogger<EngineRegistry>();
    }

    /// <summary>
    /// Creates an engine (not started) for <paramref name="ownerId"/> on its own market and paper account, at once: its row
    /// is stored after it joined, without the check <see cref="CreateAsync"/> makes, so a preset deleted at that moment can
    /// be lost. For tests and tools; the portal creates through <see cref="CreateAsync"/>.
    /// </summary>
    public EngineHandle Create(string ownerId, string name, string preset, EngineCreateOptions options, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Source != MarketSource.Replay)
        {
            throw new DomainException("An engine on live OKX data is created with CreateAsync.");
        }
        var handle = Build(ownerId, name, preset, null, options, id ?? NewId(), "", null, null);
        Register(handle);
        return handle;
    }

    /// <summary>
    /// Creates an engine on a replay or on live OKX data (which connects and loads the universe first). With a row store the
    /// engine's row is stored before it joins, in the transaction that confirms its preset (the version it was pinned to)
    /// still exists: a preset deleted meanwhile, on any node, refuses the creation (<see cref="DomainException"/> naming
    /// it) and leaves nothing: no registry entry, no row, no cycle job, no lease.
    /// </summary>
    public async Task<EngineHandle> CreateAsync(string ownerId, string name, string preset, EngineCreateOptions options, string? id = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        id ??= NewId();
        EngineHandle handle;
        if (options.Source == MarketSource.Replay)
        {
            handle = Build(ownerId, name, preset, null, options, id, "", null, null);
        }
        else
        {
            Validate(ownerId, name, preset, options, id);
            var pins = new PinnedPresetSource(_presets);
            var market = await CreateLiveMarketAsync(id, ownerId, options, 0, pins.Find(preset), cancellationToken);
            handle = Build(ownerId, name, preset, pins, options, id, "", null, market);
        }
        if (_rows is not null)
        {
            try
            {
                await _rows.StoreNewAsync(handle, cancellationToken);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
        Register(handle, stored: _rows is not null);
        return handle;
    }

    private async Task<IEngineMarket> CreateLiveMarketAsync(string id, string ownerId, EngineCreateOptions options, long lastFillSequence, TradingPreset? preset, CancellationToken cancellationToken)
    {
        if (_liveMarkets is null)
        {
            throw new DomainException("Live OKX market data is not available in this portal.");
        }
        return await _liveMarkets.CreateAsync(id, ownerId, options, lastFillSequence, preset?.ExecutionConfig, cancellationToken);
    }

    /// <summary>
    /// Rebuilds an engine stored before a restart: same id, owner, market set-up and preset; the market resumes where it
    /// was; the paper account gets its cash, positions and resting orders back; the engine adopts its open positions and
    /// comes back PAUSED if it was trading (STOPPED, EMERGENCY or IDLE otherwise) until an operator resumes it.
    /// </summary>
    public Task<EngineHandle> RestoreAsync(EngineSnapshot snapshot, CancellationToken cancellationToken = default) =>
        RestoreAsync(snapshot, null, cancellationToken);

    /// <summary>
    /// Rebuilds a stored engine as <see cref="RestoreAsync(EngineSnapshot, CancellationToken)"/> does; with a
    /// <paramref name="move"/> (a cluster node taking the engine over, ADR-020) the transitions and the dashboard say it moved.
    /// </summary>
    public async Task<EngineHandle> RestoreAsync(EngineSnapshot snapshot, EngineMove? move, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var scope = EngineAssembly.IdScope(snapshot.Generation);
        IEngineMarket? live = null;
        // The engine comes back on the preset version it was pinned to, not on whatever was saved since.
        var pins = new PinnedPresetSource(_presets, snapshot.PresetName, snapshot.PresetVersion);
        if (snapshot.Options.Source != MarketSource.Replay)
        {
            Validate(snapshot.OwnerId, snapshot.Name, snapshot.PresetName, snapshot.Options, snapshot.Id);
            live = await CreateLiveMarketAsync(snapshot.Id, snapshot.OwnerId, snapshot.Options, snapshot.Account.LastFillSequence, pins.Find(snapshot.PresetName), cancellationToken);
        }
        var handle = Build(snapshot.OwnerId, snapshot.Name, snapshot.PresetName, pins, snapshot.Options, snapshot.Id, scope, snapshot.ResumeAt, live);
        // Subscribed before the restore so its transitions are stored like any others.
        var subscription = handle.Engine.Subscribe(Publish);
        try
        {
            handle.CreatedAt = snapshot.CreatedAt;
            handle.Generation = snapshot.Generation;
            // A paper account is rebuilt from storage; an OKX account is what it is (reconciliation compares it below).
            handle.Market.Paper?.Restore(snapshot.Account);
            handle.Recorder?.ResumeAfter(snapshot.Account.LastFillSequence, snapshot.Account.OpenOrders);
            var positions = snapshot.Positions.Select(Position.Restore).ToList();
            var journalled = await OrderJournalReadback.ReadAsync(handle.Market.Exchange, snapshot.Id, snapshot.Generation - 1, _logger, cancellationToken);
            var plan = new RestorePlan(snapshot.LastState, handle.Presets.Find(snapshot.PresetName), snapshot.Mode, positions, snapshot.Account.LastFillSequence, snapshot.Risk,
                Reason: move?.Describe() ?? "restored after a restart",
                ClosedBefore: snapshot.ClosedPositions, RealizedNetBefore: snapshot.RealizedNetPnl,
                RealizedNetTodayBefore: snapshot.RealizedNetOnRiskDay, KillSwitch: snapshot.KillSwitch, JournalledOrders: journalled);
            var result = await handle.Engine.RestoreAsync(plan, cancellationToken);
            if (!result.Success)
            {
                throw new DomainException($"Engine {snapshot.Id} could not be restored: {result.Message}");
            }
            if (handle.TradesOnExchange)
            {
                await ReconcileAsync(handle, move is null ? "restart" : "fail-over", cancellationToken);
            }
            if (snapshot.Equity is { Count: > 0 } equity)
            {
                handle.SeedEquity(equity);
            }
            handle.Restored = new EngineRestoreNote(_time.GetUtcNow(), snapshot.LastState, handle.Engine.State, positions.Count,
                snapshot.Account.OpenOrders.Count, snapshot.ResumeAt, move);
            handle.RefreshStatus();
        }
        catch
        {
            subscription.Dispose();
            handle.Dispose();
            throw;
        }
        Register(handle, subscription, restored: true);
        _logger.LogInformation("Engine {Id} '{Name}' of {Owner} on {Market} restored as {State} with {Positions} open position(s) and {Orders} resting order(s).",
            handle.Id, handle.Name, handle.OwnerId, handle.Market.Description, handle.Engine.State, snapshot.Positions.Count, snapshot.Account.OpenOrders.Count);
        return handle;
    }

    private EngineHandle Build(string ownerId, string name, string preset, PinnedPresetSource? pins, EngineCreateOptions options, string id, string idScope, DateTimeOffset? resumeAt, IEngineMarket? live)
    {
        try
        {
            Validate(ownerId, name, preset, options, id);
        }
        catch
        {
            // A live market already connected for this engine must not be left running.
            live?.Dispose();
            throw;
        }
        // Each engine reads presets through its own pins: the first read fixes the version it trades.
        pins ??= new PinnedPresetSource(_presets);
        IEngineMarket market = live ?? NewReplayMarket(options, resumeAt, pins.Find(preset)?.ExecutionConfig);
        var exchange = _fence is null ? market.Exchange : new Cluster.FencedExchangeClient(id, market.Exchange, _fence);
        if (_fence is not null && market.Exchange is OkxExchangeClient okx)
        {
            // The fence's check before an order is one moment; the OKX client asks again right before each send.
            var fence = _fence;
            okx.MaySend = () => fence.IsValidLocally(id);
        }
        var recorder = new ExchangeRecorder(id, exchange, market.Clock, Publish);
        var engine = EngineAssembly.Create(id, market.Provider, recorder, market.Clock, pins, _loggerFactory, idScope: idScope,
            benchmarkInstrumentId: market.BenchmarkInstrumentId);
        return new EngineHandle(id, ownerId, name.Trim(), preset, engine, market, _time, recorder, options, pins);
    }

    private EngineMarket NewReplayMarket(EngineCreateOptions options, DateTimeOffset? resumeAt, ExecutionConfig? execution)
    {
        var stored = !string.IsNullOrWhiteSpace(options.DataFolder);
        var data = stored
            ? MarketDataSet.FromFolder(options.DataFolder!, new CandleCsvLoader(_loggerFactory.CreateLogger<CandleCsvLoader>()))
            : MarketDataSet.Generated(options.Seed, options.Instruments, options.Bars);
        // A stored data set's funding files are charged as in its backtests (ADR-007).
        var funding = stored ? FundingRateSeries.LoadFromDataFolder(options.DataFolder!) : null;
        return new EngineMarket(data, options.StartingBalance, TimeSpan.FromMilliseconds(options.BarIntervalMs), options.WarmupBars, resumeAt, execution, funding);
    }

    private void Validate(string ownerId, string name, string preset, EngineCreateOptions options, string id)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("An engine needs a name.");
        }
        if (_presets.Find(preset) is null)
        {
            throw new DomainException($"Unknown preset '{preset}'; choose one of {string.Join(", ", PresetCatalog.Names)}.");
        }
        if (options.Validate() is { } problem)
        {
            throw new DomainException("Invalid engine options: " + problem);
        }
        if (_engines.ContainsKey(id))
        {
            throw new DomainException($"An engine with id '{id}' already exists.");
        }
    }

    /// <param name="stored">True when the engine's row was stored before it joined (subscribers need not write it again).</param>
    /// <param name="restored">Rebuilt from storage: it says so itself, once restored, instead of "created".</param>
    private void Register(EngineHandle handle, IDisposable? subscription = null, bool stored = false, bool restored = false)
    {
        subscription ??= handle.Engine.Subscribe(Publish);
        if (!_engines.TryAdd(handle.Id, new Entry(handle, subscription)))
        {
            subscription.Dispose();
            handle.Dispose();
            throw new DomainException($"An engine with id '{handle.Id}' already exists.");
        }
        if (!restored)
        {
            _logger.LogInformation("Engine {Id} '{Name}' created for {Owner} on {Market}.", handle.Id, handle.Name, handle.OwnerId, handle.Market.Description);
        }
        handle.Market.Reconnected += () => _ = ReconcileAfterReconnectAsync(handle);
        handle.Changed = h => _broadcaster.Publish(new EngineStatusChangedEvent(h.Id, _time.GetUtcNow(), h.Status, h.CommandProgress));
        handle.Changed(handle);
        Notify(new EngineRegistryChange(handle, true, Stored: stored));
    }

    /// <summary>Every event of every engine: to the sink (storage), then to the broadcaster (live push).</summary>
    private void Publish(EngineEvent engineEvent)
    {
        _sink.Publish(engineEvent);
        _broadcaster.Publish(engineEvent);
    }

    /// <summary>Reconciles one engine with its exchange; differences (and failures) are written to the audit log.</summary>
    public async Task<ReconciliationReport> ReconcileAsync(EngineHandle handle, string trigger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var report = await handle.ReconcileAsync(trigger, cancellationToken);
        if (!report.InStep)
        {
            _audit?.Record(null, "engine", "engine.reconciled", handle.Id, report.Summary, report.Error is null);
            _logger.LogWarning("Engine {Id}: {Summary}", handle.Id, report.Summary);
        }
        return report;
    }

    private async Task ReconcileAfterReconnectAsync(EngineHandle handle)
    {
        try
        {
            await ReconcileAsync(handle, "reconnect");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(ex, "Engine {Id}: reconciliation after a reconnect failed.", handle.Id);
        }
    }

    private string NewId() => string.Create(CultureInfo.InvariantCulture, $"e{Interlocked.Increment(ref _sequence)}{Guid.NewGuid().ToString("N")[..6]}");
}
