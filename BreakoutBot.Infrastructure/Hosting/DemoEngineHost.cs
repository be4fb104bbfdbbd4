using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Engine;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Hosting;

/// <summary>
/// Runs the portal's default engine in paper mode on bundled market data, replayed at a steady pace (one 5-minute bar
/// per <see cref="DemoEngineOptions.BarIntervalMs"/>), so the portal trades with no keys and no internet.
/// Pages read <see cref="Engine"/>'s status snapshot; they never wait on a cycle.
/// </summary>
public sealed class DemoEngineHost : BackgroundService
{
    private readonly DemoEngineOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<TradingEngine> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DemoEngineHost(IOptions<DemoEngineOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<DemoEngineHost>();
    }

    /// <summary>The engine once it exists (null while the market data is being prepared).</summary>
    public TradingEngine? Engine { get; private set; }

    public IReadOnlyList<string> InstrumentIds { get; private set; } = [];

    public string DataSource { get; private set; } = "";

    public Task<TradingEngine> WhenReadyAsync() => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }
        await Task.Yield();
        var set = string.IsNullOrWhiteSpace(_options.DataFolder)
            ? MarketDataSet.Generated(_options.Seed, _options.Instruments, _options.Bars)
            : MarketDataSet.FromFolder(_options.DataFolder, new CandleCsvLoader(_loggerFactory.CreateLogger<CandleCsvLoader>()));
        var instruments = set.Instruments;
        var candles = set.Candles;
        DataSource = set.Description;
        InstrumentIds = instruments.Select(i => i.Id).ToList();

        var first = candles.Values.Where(c => c.Count > 0).Min(c => c[0].Time);
        var clock = new ReplayClock(first);
        var provider = new ReplayMarketDataProvider(instruments, candles, clock);
        var paper = new PaperExchangeClient(instruments, clock, new PaperExchangeOptions { StartingBalance = _options.StartingBalance });
        var engine = EngineAssembly.Create("default", provider, paper, clock, CatalogPresetSource.Instance, _loggerFactory);
        Engine = engine;
        var timeline = provider.Timeline;
        var stepper = new ReplayStepper(clock, provider, paper, instruments);
        _logger.LogInformation("Default paper engine on {Source}: {Bars} bar times.", DataSource, timeline.Count);

        var index = 0;
        try
        {
            for (; index < timeline.Count && !stoppingToken.IsCancellationRequested; index++)
            {
                stepper.StepTo(timeline[index]);
                if (index == 0)
                {
                    var start = await engine.StartAsync(_options.Preset, TradingMode.Paper, stoppingToken);
                    _logger.LogInformation("Start: {Message}", start.Message);
                    _ready.TrySetResult(engine);
                }
                await engine.RunUntilRestAsync(12, stoppingToken);
                if (index >= _options.WarmupBars)
                {
                    await Task.Delay(_options.BarIntervalMs, stoppingToken);
                }
            }
            _logger.LogInformation("Default paper engine reached the end of its market data ({Bars} bars).", index);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The default paper engine's replay loop failed at bar {Index}.", index);
            _ready.TrySetException(ex);
        }
    }

    public override void Dispose()
    {
        Engine?.Dispose();
        base.Dispose();
    }
}
