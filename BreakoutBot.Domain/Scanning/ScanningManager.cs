using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;

namespace BreakoutBot.Domain.Scanning;

/// <summary>
/// Scans the universe: applies the white/black lists, pulls each instrument's new bars from the market-data port into
/// its <see cref="InstrumentMarket"/>, keeps the top N by 24h volume, filters and scores, and ranks by score. The
/// benchmark is the configured instrument (<c>benchmarkInstrumentId</c>) when the universe holds it, else the first
/// instrument whose base currency is BTC; it is updated first so correlations line up by bar time.
/// </summary>
public sealed partial class ScanningManager : IScanningManager
{
    /// <summary>Bars requested the first time an instrument is seen: a day plus the level window, for warm indicators.</summary>
    public const int BackfillBars = 300;
    private readonly IMarketDataProvider _data;
    // Levels detected by earlier replays of the same candles (null for live data: every bar is new).
    private readonly ILevelMemo? _levelMemo;
    private readonly string? _benchmarkId;
    // Written once, when the universe is first loaded, then only read: lookups need no lock.
    private volatile Dictionary<string, InstrumentMarket> _markets = new(StringComparer.Ordinal);
    private readonly LevelDetector _levelDetector = new();
    private readonly Lock _gate = new();
    private IReadOnlyList<Instrument>? _universe;
    private InstrumentMarket? _benchmark;
    // One delegate for the benchmark's closes, made once (not per instrument per bar).
    private Func<long, double>? _benchmarkCloseAt;
    private Func<long, double>? _benchmarkWindowCloseAt;
    private ScanOutcome? _lastScan;
    // The universe's markets in the universe's order (set with it), so a scan takes each without a look-up by id.
    private InstrumentMarket[] _universeMarkets = [];
    private readonly List<InstrumentMarket> _selected = [];
    private readonly List<InstrumentMarket> _scanMarkets = [];
    private readonly ScanTable _table = new();
    private (LevelsRules Rules, LevelDetectorOptions Options)? _levelOptions;
    private (IReadOnlyDictionary<string, double> Source, (int Index, double Weight)[] Compiled)? _compiledWeights;
    private (LiquidityFilters Source, LiquidityThresholds Thresholds)? _thresholds;
    private readonly Dictionary<string, (DateTimeOffset? Bar, LevelDetectorOptions Options, IReadOnlyList<TradingLevel> Levels)> _levelCache = new(StringComparer.Ordinal);
    // Bars added to any market so far: a shared scan (SharesScansPerBar) is reused only while this has not moved.
    private long _barsAdded;
    private SharedScan? _sharedScan;
    private int _chandelierPeriod = 22;
    private double _chandelierMultiplier = 3.0;

    /// <param name="data">The market-data port.</param>
    /// <param name="benchmarkInstrumentId">
    /// The instrument every other one is correlated with. Null or empty (replays), or an id the universe does not hold:
    /// the first instrument whose base currency is BTC.
    /// </param>
    public ScanningManager(IMarketDataProvider data, string? benchmarkInstrumentId = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data;
        _levelMemo = data as ILevelMemo;
        _benchmarkId = string.IsNullOrWhiteSpace(benchmarkInstrumentId) ? null : benchmarkInstrumentId.Trim();
    }

    public ScanOutcome? LastScan => Volatile.Read(ref _lastScan);

    /// <summary>
    /// Replays run together (a sweep's runs, ADR-010 "Seventh round") share one manager: a scan asked for again with no
    /// bar added to any market since, and the same scan settings (the same objects), answers the outcome computed then,
    /// which is the outcome computing it again would give. Never for live data, whose quotes move within a bar.
    /// </summary>
    public bool SharesScansPerBar { get; init; }

    /// <summary>
    /// A backtest's scanner: a market brought up after a pause takes every bar since its last one (the data is all there),
    /// not at most the last <see cref="BackfillBars"/> × 4 a live engine asks the exchange for, so a market brought up
    /// late is the market brought up on every bar and replays sharing a scanner see the same market whichever of them
    /// asked (ADR-010, "Seventh round").
    /// </summary>
    public bool CatchesUpEveryBar { get; init; }

    /// <summary>
    /// Results built only when a scan's <see cref="ScanOutcome.Results"/> is read (and then only while it is the latest
    /// scan): each market's figures, verdicts and score parts are measured into objects it keeps, so a scan allocates
    /// nothing per instrument (ADR-010, "Thirteenth round"). For replays: the engine reads a scan within the cycles of the
    /// bar it ran on, and an observer during the scan's event ("Fourteenth round"). Off by default: a live engine's scans
    /// go to the dashboard, the journal and the push on other threads, so they are built at once.
    /// </summary>
    public bool ResultsOnDemand { get; init; }

    public DateTimeOffset? LastBarTime { get; private set; }

    /// <summary>The benchmark chosen when the universe was loaded (null before, or when the universe has none).</summary>
    public string? BenchmarkInstrumentId => _benchmark?.Instrument.Id;

    public IMarketView? GetMarket(string instrumentId)
    {
        return _markets.TryGetValue(instrumentId, out var m) ? m : null;
    }

    public void Reconfigure(TradingPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        lock (_gate)
        {
            _chandelierPeriod = preset.PositionConfig.ChandelierLookbackBars;
            _chandelierMultiplier = preset.PositionConfig.ChandelierAtrMult;
            foreach (var m in _markets.Values)
            {
                m.ConfigureChandelier(_chandelierPeriod, _chandelierMultiplier);
            }
        }
    }

    public async ValueTask RefreshAsync(IReadOnlyCollection<string> instrumentIds, TradingPreset preset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instrumentIds);
        var universe = await UniverseAsync(cancellationToken);
        if (_benchmark is not null)
        {
            await UpdateAsync(_benchmark, cancellationToken);
        }
        if (instrumentIds is HashSet<string> few)
        {
            // The engine's own set of open instruments (a few, refreshed every cycle): each looked up, instead of every
            // instrument of the universe looked for in the set. Markets update independently, so the order is immaterial.
            foreach (var id in few)
            {
                if (_markets.TryGetValue(id, out var market) && !ReferenceEquals(market, _benchmark))
                {
                    await UpdateAsync(market, cancellationToken);
                }
            }
            return;
        }
        for (var u = 0; u < universe.Count; u++)
        {
            var instrument = universe[u];
            if (instrumentIds.Contains(instrument.Id) && (_benchmark is null || !ReferenceEquals(instrument, _benchmark.Instrument)))
            {
                await UpdateAsync(_universeMarkets[u], cancellationToken);
            }
        }
    }


    private async ValueTask<IReadOnlyList<Instrument>> UniverseAsync(CancellationToken cancellationToken)
    {
        if (_universe is null)
        {
            var universe = await _data.GetInstrumentsAsync(cancellationToken);
            lock (_gate)
            {
                var markets = new Dictionary<string, InstrumentMarket>(universe.Count, StringComparer.Ordinal);
                var inOrder = new InstrumentMarket[universe.Count];
                var benchmark = ChooseBenchmark(universe);
                for (var u = 0; u < universe.Count; u++)
                {
                    var i = universe[u];
                    var isBenchmark = ReferenceEquals(i, benchmark);
                    var m = new InstrumentMarket(i, isBenchmark, _chandelierPeriod, _chandelierMultiplier) { HasBenchmark = benchmark is not null };
                    markets[i.Id] = m;
                    inOrder[u] = m;
                    if (isBenchmark)
                    {
                        _benchmark = m;
                        // A replay also answers for the benchmark's bars older than its window (a market catching up
                        // after a long pause pairs every bar with the benchmark's, as if it had never paused).
                        var benchmarkId = i.Id;
                        _benchmarkWindowCloseAt = m.CloseAt;
                        _benchmarkCloseAt = _data is IMarketUpdateSource source
                            ? t => m.CloseAt(t) is var c && double.IsNaN(c) ? source.CloseAt(benchmarkId, t) : c
                            : m.CloseAt;
                    }
                }
                _markets = markets;
                _universeMarkets = inOrder;
                _universe = universe;
            }
        }
        return _universe;
    }

    private Instrument? ChooseBenchmark(IReadOnlyList<Instrument> universe) => ChooseBenchmark(universe, _benchmarkId);

    /// <summary>
    /// The configured benchmark when the universe holds it, else the first instrument whose base currency is BTC; null
    /// when there is neither (correlation with BTC is then not available, ADR-008).
    /// </summary>
    public static Instrument? ChooseBenchmark(IReadOnlyList<Instrument> universe, string? benchmarkInstrumentId)
    {
        ArgumentNullException.ThrowIfNull(universe);
        var id = string.IsNullOrWhiteSpace(benchmarkInstrumentId) ? null : benchmarkInstrumentId.Trim();
        if (id is not null && universe.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal)) is { } configured)
        {
            return configured;
        }
        return universe.FirstOrDefault(i => string.Equals(i.BaseCurrency, "BTC", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Brings the instrument's market up to date. A replay's source answers at once (<see cref="IMarketUpdateSource"/>), so
    /// its update is a plain call, without an asynchronous step per instrument per bar; a live source is awaited.
    /// </summary>
    private ValueTask UpdateAsync(InstrumentMarket market, CancellationToken cancellationToken)
    {
        if (_data is IMarketUpdateSource direct)
        {
            Update(direct, market);
            return ValueTask.CompletedTask;
        }
        return UpdateFromSnapshotAsync(market, cancellationToken);
    }

    private void Update(IMarketUpdateSource direct, InstrumentMarket market)
    {
        var before = market.CandleCount;
        // The same update as from a snapshot, without a snapshot object per instrument per bar; a backtest's takes every
        // bar since the market's last one however long ago (CatchesUpEveryBar).
        var maxCandles = before == 0 ? BackfillBars : CatchesUpEveryBar ? int.MaxValue : BackfillBars * 4;
        var updated = direct.TryUpdate(market.Instrument.Id, market, maxCandles, BenchmarkCloseAt(market, before));
        _barsAdded += market.CandleCount - before;
        if (updated)
        {
            NoteLastBar(market);
        }
    }

    private async ValueTask UpdateFromSnapshotAsync(InstrumentMarket market, CancellationToken cancellationToken)
    {
        var before = market.CandleCount;
        var maxCandles = before == 0 ? BackfillBars : BackfillBars * 4;
        var snapshot = await _data.GetSnapshotAsync(market.Instrument.Id, market.LastCandleTime, maxCandles, cancellationToken);
        if (snapshot is null)
        {
            return;
        }
        market.ApplySnapshot(snapshot, BenchmarkCloseAt(market, before));
        _barsAdded += market.CandleCount - before;
        NoteLastBar(market);
    }

    // The first update (the backfill) pairs bars with the benchmark's window, as it always has; a later one also with the
    // benchmark's older bars where the source has them (see UniverseAsync).
    private Func<long, double>? BenchmarkCloseAt(InstrumentMarket market, int candlesBefore) =>
        _benchmark is null || ReferenceEquals(_benchmark, market) ? null : candlesBefore == 0 ? _benchmarkWindowCloseAt : _benchmarkCloseAt;

    private void NoteLastBar(InstrumentMarket market)
    {
        if (market.LastCloseTime is { } closed && (LastBarTime is null || closed > LastBarTime))
        {
            LastBarTime = closed;
        }
    }

    private sealed record SharedScan(long BarsAdded, ScannerConfig Scanner, LiquidityFilters Liquidity, VolatilityFilters Volatility, double CorrelationLimit, ScanOutcome Outcome)
    {
        public bool SameSettings(TradingPreset preset) =>
            ReferenceEquals(Scanner, preset.ScannerConfig)
            && ReferenceEquals(Liquidity, preset.LiquidityFilters)
            && ReferenceEquals(Volatility, preset.VolatilityFilters)
            && CorrelationLimit.Equals(preset.Risk.CorrelationLimit);
    }
}
