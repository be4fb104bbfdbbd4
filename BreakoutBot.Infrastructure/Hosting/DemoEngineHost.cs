using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Hosting;

/// <summary>
/// Creates the portal's default engine in the <see cref="EngineRegistry"/> at start-up: paper mode on bundled market
/// data, started at once, so the portal trades with no keys and no internet. Its cycles run as a Quartz job like every
/// other engine's; pages read the registry's cached status and never wait on a cycle.
/// </summary>
public sealed partial class DemoEngineHost : BackgroundService
{
    /// <summary>The registry id of the default engine.</summary>
    public const string DefaultEngineId = "default";

    private readonly DemoEngineOptions _options;
    private readonly EngineRegistry _registry;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<TradingEngine> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly Cluster.LeaseManager? _leases;

    public DemoEngineHost(IOptions<DemoEngineOptions> options, EngineRegistry registry, ILogger<DemoEngineHost> logger, Cluster.LeaseManager? leases = null)
    {
        _leases = leases;
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The default engine's registry entry once it exists.</summary>
    public EngineHandle? Handle { get; private set; }

    /// <summary>The engine once it exists (null while the market data is being prepared).</summary>
    public TradingEngine? Engine => Handle?.Engine;

    public IReadOnlyList<string> InstrumentIds => Handle?.Market.InstrumentIds ?? [];

    public string DataSource => Handle?.Market.Description ?? "";

    public Task<TradingEngine> WhenReadyAsync() => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }
        await Task.Yield();
        try
        {
            var options = new EngineCreateOptions
            {
                StartingBalance = _options.StartingBalance,
                BarIntervalMs = _options.BarIntervalMs,
                DataFolder = _options.DataFolder,
                Seed = _options.Seed,
                Instruments = _options.Instruments,
                Bars = _options.Bars,
                WarmupBars = _options.WarmupBars,
            };
            if (_registry.Get(DefaultEngineId) is { } restored)
            {
                // Rebuilt from the database after a restart: it stays in the state it came back in (paused if it was trading).
                Handle = restored;
                LogRestored(_logger, restored.Engine.State.ToWireName());
                _ready.TrySetResult(restored.Engine);
                return;
            }
            if (_leases is { Enabled: true } && !await _leases.TryClaimNewAsync(DefaultEngineId, stoppingToken))
            {
                // A cluster node (ADR-020): the default engine exists once in the cluster; the node holding its lease runs it.
                LogInCluster(_logger);
                return;
            }
            var owner = string.IsNullOrWhiteSpace(_options.OwnerId) ? EngineRegistry.SystemOwner : _options.OwnerId;
            var handle = await _registry.CreateAsync(owner, "Default engine", _options.Preset, options, DefaultEngineId, stoppingToken);
            Handle = handle;
            var start = await handle.ExecuteAsync(EngineCommand.Start, _options.Preset, stoppingToken);
            LogStarted(_logger, handle.Market.Description, handle.Market.TotalBars, start.Message);
            _ready.TrySetResult(handle.Engine);
        }
        catch (Exception ex) when (stoppingToken.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException)
        {
            // The portal stopped while the engine was being made (a start refused for another reason, Ctrl+C): not a
            // failure of the engine, so no error with a stack trace under the reason the start was refused.
            _ready.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex)
        {
            LogFailed(_logger, ex);
            _ready.TrySetException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Default paper engine on {Source} ({Bars} bar times): {Message}")]
    private static partial void LogStarted(ILogger logger, string source, int bars, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Default paper engine restored from the database ({State}).")]
    private static partial void LogRestored(ILogger logger, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "The default paper engine exists in the cluster already; the node holding its lease runs it.")]
    private static partial void LogInCluster(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The default paper engine could not be created.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
