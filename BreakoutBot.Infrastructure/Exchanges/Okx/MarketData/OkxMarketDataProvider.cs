using System.Collections.Concurrent;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>
/// Live OKX market data for the scanner: the universe (live USDT-margined linear swaps, optionally USDT spot, see
/// <see cref="OkxUniverseSelector"/>), closed 5-minute bars, tickers and level-2 summaries.
/// <list type="bullet">
/// <item><description><see cref="InitializeAsync"/> loads the universe and backfills <see cref="OkxMarketDataOptions.BackfillBars"/>
/// closed bars per instrument over REST (bounded concurrency; the REST client's rate limiters still apply).
/// <see cref="RunAsync"/> then reloads the universe hourly, all tickers every few seconds (one call per instrument
/// type) and polls <c>/market/candles</c> only for instruments whose next bar is due.</description></item>
/// <item><description>A WebSocket feed can push data in through <see cref="OnCandle"/>, <see cref="OnTicker"/> and
/// <see cref="OnOrderBook"/>; polling then finds nothing due. Bars from every source go through one rule: only
/// confirmed bars (<c>confirm=1</c>) are kept, and a bar is appended only when it opens after the last one held, so a
/// bar is never added twice or out of order (a backfill may also fill in bars older than the first one held).</description></item>
/// <item><description>Books come from <c>/market/books</c> (<see cref="OkxMarketDataOptions.BookDepth"/> levels) for the
/// instruments a snapshot is asked for, cached for <see cref="OkxMarketDataOptions.BookTtl"/>.</description></item>
/// </list>
/// <para>
/// <b>Stale data and new entries.</b> An instrument is stale when its last closed bar opened more than two bar
/// intervals plus <see cref="OkxMarketDataOptions.CandleGrace"/> ago, or its ticker is older than
/// <see cref="OkxMarketDataOptions.TickerMaxAge"/> (or either is missing). <see cref="MarketSnapshot"/> has no
/// staleness field and the engine asks for open-position prices and for scanning through the same call
/// (<c>ScanningManager.RefreshAsync</c> and <c>ScanAsync</c> both call <see cref="GetSnapshotAsync"/>), so the provider
/// cannot tell the two apart. The rule is therefore: <b>prices are never withheld</b> — every snapshot carries every
/// closed bar held after the caller's cursor, the latest ticker and book, stale or not, so position management (which
/// marks positions with the last closed bar) always sees everything known. Staleness removes only the evidence of
/// trading activity: a stale snapshot has <see cref="MarketSnapshot.TradesPerMinute"/> = null, which the scanner stores
/// as 0, and the data-health filter rejects an instrument with no trading activity whatever the preset says. A stale
/// instrument therefore fails the filters, gets no levels and produces no new signal, while its stops keep being
/// managed. Fresh snapshots carry an <b>estimated</b> trade rate (OKX candles carry no trade count): the mean quote
/// volume per minute of the last hour's bars divided by <see cref="OkxMarketDataOptions.AssumedTradeSizeUsd"/>.
/// </para>
/// <para>
/// <b>Open interest</b> is read for all swaps in one call to <c>/public/open-interest</c> at load and every
/// <see cref="OkxMarketDataOptions.OpenInterestRefreshInterval"/> (see <see cref="RefreshOpenInterestAsync"/>); snapshots
/// carry it in USD with OKX's timestamp. A failed read clears it, and a value older than
/// <see cref="OkxMarketDataOptions.OpenInterestMaxAge"/> is withheld, so the scanner's <c>min_oi</c> and <c>oi_delta</c>
/// are then not available rather than passed on old figures (ADR-008). The 24 h change is derived by the scanner.
/// </para>
/// <para>
/// Instruments that leave the selection at a universe refresh (e.g. fall out of the top N) keep being polled and keep
/// answering <see cref="GetSnapshotAsync"/>, so a position opened in one is still priced; <see cref="GetInstrumentsAsync"/>
/// lists the current selection.
/// </para>
/// </summary>
public sealed partial class OkxMarketDataProvider : IMarketDataProvider, IDisposable
{
    /// <summary>The OKX bar size for <see cref="Candle.Interval"/>.</summary>
    public const string Bar = "5m";

    private const int StatsWindow = 12;

    private readonly OkxRestClient _rest;
    private readonly OkxMarketDataOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _requests;
    private readonly SemaphoreSlim _universeGate = new(1, 1);
    private readonly ConcurrentDictionary<string, Tracked> _tracked = new(StringComparer.Ordinal);
    private readonly Lock _statusGate = new();
    private IReadOnlyList<Instrument> _universe = [];
    private bool _initialized;
    private DateTimeOffset? _lastUniverseRefresh;
    private DateTimeOffset? _lastTickerRefresh;
    private DateTimeOffset? _lastCandlePoll;
    private DateTimeOffset? _lastOpenInterestRead;
    private DateTimeOffset? _lastFundingRead;
    private DateTimeOffset? _lastErrorAt;
    private string? _lastError;

    /// <param name="rest">A public-data client (credentials optional; demo credentials select the demo universe). Not disposed here.</param>
    public OkxMarketDataProvider(OkxRestClient rest, OkxMarketDataOptions options, TimeProvider timeProvider, ILogger<OkxMarketDataProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _rest = rest;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _requests = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
    }

    /// <summary>
    /// Raised after a universe refresh that changed the selection (ids added or removed), on the refreshing thread;
    /// handlers must be quick (the live market only signals its subscription loop).
    /// </summary>
    public event Action? UniverseChanged;

    /// <summary>The configured benchmark id, or null when none is configured.</summary>
    public string? BenchmarkInstrumentId =>
        string.IsNullOrWhiteSpace(_options.BenchmarkInstrumentId) ? null : _options.BenchmarkInstrumentId.Trim();

    /// <summary>True once a universe has been loaded.</summary>
    public bool IsInitialized => Volatile.Read(ref _initialized);

    /// <summary>The state for the dashboard.</summary>
    public OkxMarketDataSummary Summary
    {
        get
        {
            var now = _time.GetUtcNow();
            var universe = Volatile.Read(ref _universe);
            var stale = universe.Count(i => !_tracked.TryGetValue(i.Id, out var t) || Freshness(t, now).IsStale);
            lock (_statusGate)
            {
                return new OkxMarketDataSummary(universe.Count, stale, _lastUniverseRefresh, _lastTickerRefresh, _lastCandlePoll, _lastError, _lastErrorAt);
            }
        }
    }

    /// <summary>Loads the universe, its tickers and the backfill. False (with <see cref="Summary"/>'s last error) when the universe could not be loaded.</summary>
    public Task<bool> InitializeAsync(CancellationToken cancellationToken) => RefreshUniverseAsync(cancellationToken);

    /// <summary>
    /// The current selection in id order. Loads it on first use; throws <see cref="InvalidOperationException"/> when OKX
    /// cannot be reached then (the scanner keeps the first universe it gets, so an empty one must not be returned).
    /// </summary>
    public async ValueTask<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken cancellationToken = default)
    {
        if (!IsInitialized && !await InitializeAsync(cancellationToken))
        {
            throw new InvalidOperationException("OKX market data: the instrument universe could not be loaded (" + Summary.LastError + ").");
        }
        return Volatile.Read(ref _universe);
    }

    public async ValueTask<MarketSnapshot?> GetSnapshotAsync(
        string instrumentId,
        DateTimeOffset? candlesAfter,
        int maxCandles,
        CancellationToken cancellationToken = default)
    {
        if (instrumentId is null || !_tracked.TryGetValue(instrumentId, out var tracked))
        {
            return null;
        }
        var book = await BookAsync(tracked, cancellationToken);
        var now = _time.GetUtcNow();
        var freshness = Freshness(tracked, now);
        lock (tracked.Gate)
        {
            var candles = tracked.BarsAfter(candlesAfter, maxCandles);
            var tradesPerMinute = freshness.IsStale ? null : tracked.EstimatedTradesPerMinute(_options.AssumedTradeSizeUsd);
            var openInterestFresh = tracked.OpenInterestTime is { } oiTime && now - oiTime <= _options.OpenInterestMaxAge;
            return new MarketSnapshot(tracked.Instrument, candles, tracked.Ticker, book,
                openInterestFresh ? tracked.OpenInterestUsd : null, null, tradesPerMinute, freshness.IsStale,
                openInterestFresh ? tracked.OpenInterestTime : null);
        }
    }

    /// <summary>
    /// Reloads instruments (SWAP, and SPOT when configured) and all tickers, selects the universe, updates instrument
    /// rules, and backfills instruments that have no history yet. False when OKX could not be read.
    /// </summary>
    public async Task<bool> RefreshUniverseAsync(CancellationToken cancellationToken)
    {
        await _universeGate.WaitAsync(cancellationToken);
        try
        {
            var listed = new List<OkxInstrument>();
            foreach (var kind in Kinds())
            {
                var page = await _rest.GetInstrumentsAsync(kind, null, cancellationToken);
                if (!page.IsSuccess)
                {
                    RecordError("loading instruments", page.Error!);
                    return false;
                }
                listed.AddRange(page.Value);
            }
            var tickers = await FetchTickersAsync(cancellationToken);
            if (tickers is null)
            {
                return false;
            }

            var selected = new List<Instrument>();
            foreach (var okx in OkxUniverseSelector.Select(listed, tickers, _options))
            {
                Instrument instrument;
                try
                {
                    instrument = okx.ToInstrument();
                }
                catch (DomainException ex)
                {
                    _logger.LogWarning("OKX instrument {Instrument} skipped: {Reason}", okx.InstrumentId, ex.Message);
                    continue;
                }
                var tracked = _tracked.GetOrAdd(instrument.Id, _ => new Tracked(instrument));
                lock (tracked.Gate)
                {
                    tracked.Instrument = instrument;
                }
                selected.Add(instrument);
            }
            ApplyTickers(tickers.Values);
            var now = _time.GetUtcNow();
            var previous = Volatile.Read(ref _universe);
            Volatile.Write(ref _universe, selected.AsReadOnly());
            lock (_statusGate)
            {
                _lastUniverseRefresh = now;
                _lastTickerRefresh = now;
            }
            _logger.LogInformation("OKX universe: {Count} of {Listed} listed instruments selected", selected.Count, listed.Count);
            if (BenchmarkInstrumentId is { } benchmark && !selected.Any(i => i.Id == benchmark))
            {
                _logger.LogWarning("OKX benchmark {Benchmark} is not a live eligible instrument here; the scanner falls back to the first BTC instrument", benchmark);
            }
            if (!previous.Select(i => i.Id).SequenceEqual(selected.Select(i => i.Id), StringComparer.Ordinal))
            {
                UniverseChanged?.Invoke();
            }

            await RefreshOpenInterestAsync(cancellationToken);
            await ForEachAsync(_tracked.Values.Where(t => t.NeedsBackfill()).ToList(), BackfillAsync, cancellationToken);
            Volatile.Write(ref _initialized, true);
            return true;
        }
        finally
        {
            _universeGate.Release();
        }
    }

    /// <summary>Fetches all tickers (one call per instrument type) and applies those of tracked instruments.</summary>
    public async Task<bool> RefreshTickersAsync(CancellationToken cancellationToken)
    {
        var tickers = await FetchTickersAsync(cancellationToken);
        if (tickers is null)
        {
            return false;
        }
        ApplyTickers(tickers.Values);
        lock (_statusGate)
        {
            _lastTickerRefresh = _time.GetUtcNow();
        }
        return true;
    }

    /// <summary>
    /// Polls <c>/market/candles</c> for every tracked instrument whose next bar is due (its last bar opened at least two
    /// intervals ago) or that still lacks its backfill. Returns the number of bars appended.
    /// </summary>
    public async Task<int> PollCandlesAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = _tracked.Values.Where(t => t.IsDue(now)).ToList();
        var appended = 0;
        await ForEachAsync(
            due,
            async (tracked, ct) =>
            {
                var count = tracked.NeedsBackfill() ? await BackfillAsync(tracked, ct) : await PollAsync(tracked, now, ct);
                Interlocked.Add(ref appended, count);
                return count;
            },
            cancellationToken);
        lock (_statusGate)
        {
            _lastCandlePoll = now;
        }
        return appended;
    }

    /// <summary>One pass of the background loop: the universe when its refresh is due, tickers, open interest and funding rates when due, then candle polling.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        DateTimeOffset? universeAt;
        DateTimeOffset? tickersAt;
        DateTimeOffset? openInterestAt;
        lock (_statusGate)
        {
            universeAt = _lastUniverseRefresh;
            tickersAt = _lastTickerRefresh;
            openInterestAt = _lastOpenInterestRead;
        }
        if (!IsInitialized || universeAt is null || now - universeAt >= _options.UniverseRefreshInterval)
        {
            await RefreshUniverseAsync(cancellationToken);
        }
        else if (tickersAt is null || now - tickersAt >= _options.TickerRefreshInterval)
        {
            await RefreshTickersAsync(cancellationToken);
        }
        // A universe refresh reads open interest itself; otherwise it is read when due.
        if (IsInitialized && universeAt is not null && now - universeAt < _options.UniverseRefreshInterval
            && (openInterestAt is null || now - openInterestAt >= _options.OpenInterestRefreshInterval))
        {
            await RefreshOpenInterestAsync(cancellationToken);
        }
        if (IsInitialized && FundingReadDue(now))
        {
            await RefreshFundingAsync(cancellationToken);
        }
        await PollCandlesAsync(cancellationToken);
    }

    /// <summary>Runs <see cref="RunOnceAsync"/> every <see cref="OkxMarketDataOptions.PollInterval"/> until cancelled; failures are recorded, never thrown.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await RunOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must survive anything one pass throws; the error is recorded for the dashboard.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                RecordError("market-data loop", ex.Message);
            }
            try
            {
                await Task.Delay(_options.PollInterval, _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _requests.Dispose();
        _universeGate.Dispose();
    }

    private void RecordError(string what, OkxError error) => RecordError(what, error.ToString());

    private void RecordError(string what, string message)
    {
        var text = what + ": " + message;
        _logger.LogWarning("OKX market data: {Error}", text);
        lock (_statusGate)
        {
            _lastError = text;
            _lastErrorAt = _time.GetUtcNow();
        }
    }
}
