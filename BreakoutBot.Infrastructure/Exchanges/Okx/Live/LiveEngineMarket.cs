using System.Text.Json;
using System.Threading.Channels;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Live;

/// <summary>
/// An engine's live OKX market: the market-data provider kept fresh by its REST loop and by WebSocket pushes (5-minute
/// candles on the business socket, tickers on the public one, both subscribed per instrument of the live universe and
/// kept in step with it by <see cref="OkxUniverseSubscriptions"/>), and the exchange: a paper account marked to live
/// prices (paper mode) or the OKX account itself (demo or live). After every WebSocket reconnect (the connections
/// re-subscribe everything) missed candles are fetched and <see cref="Reconnected"/> fires, so the engine reconciles.
/// </summary>
public sealed class LiveEngineMarket : IEngineMarket
{
    private readonly OkxMarketDataProvider _provider;
    private readonly IReadOnlyList<IDisposable> _owned;
    private readonly OkxWebSocketClient? _socket;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _dataLoop;
    private readonly Task _socketLoop;
    private readonly Task _universeLoop;
    private readonly Channel<bool> _universeChanged = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IExchangeClient _exchange;
    private IReadOnlyList<string> _instrumentIds;

    public LiveEngineMarket(
        string description,
        OkxMarketDataProvider provider,
        IExchangeClient exchange,
        PaperExchangeClient? paper,
        OkxWebSocketClient? socket,
        IReadOnlyList<string> instrumentIds,
        IReadOnlyList<IDisposable> owned,
        ILogger logger,
        TimeProvider? clock = null)
    {
        Clock = clock ?? TimeProvider.System;
        _instrumentIds = instrumentIds ?? [];
        Description = description;
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _exchange = exchange ?? throw new ArgumentNullException(nameof(exchange));
        Paper = paper;
        _socket = socket;
        _owned = owned ?? [];
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _provider.UniverseChanged += OnUniverseChanged;
        _dataLoop = Task.Run(() => _provider.RunAsync(_stop.Token));
        if (socket is null)
        {
            _socketLoop = Task.CompletedTask;
            _universeLoop = Task.CompletedTask;
        }
        else
        {
            // Listening starts before anything is subscribed, so no event of the first connect is missed.
            var events = socket.Listen();
            _socketLoop = Task.Run(() => PumpSocketAsync(socket, events, _stop.Token));
            _universeLoop = Task.Run(() => FollowUniverseAsync(new OkxUniverseSubscriptions(socket), _stop.Token));
        }
    }

    /// <summary>Raised after a WebSocket reconnect (missed candles already fetched); the engine reconciles on it.</summary>
    public event Action? Reconnected;

    /// <summary>Raised on every push of the private <c>orders</c> channel (OKX modes): the engine's cycle runs at once.</summary>
    public event Action? ExchangeActivity;

    public string Description { get; }

    public IReadOnlyList<string> InstrumentIds => Volatile.Read(ref _instrumentIds);

    /// <summary>The portal's clock (live data is on wall time).</summary>
    public TimeProvider Clock { get; }

    public IMarketDataProvider Provider => _provider;

    public IExchangeClient Exchange => _exchange;

    public PaperExchangeClient? Paper { get; }

    public bool IsReplay => false;

    /// <summary>The configured <c>Okx:MarketData:BenchmarkInstrumentId</c> (null when none); the universe always holds it when OKX lists it.</summary>
    public string? BenchmarkInstrumentId => _provider.BenchmarkInstrumentId;

    public TimeSpan? BarInterval => null;

    public int BarsReplayed => 0;

    public int TotalBars => 0;

    public bool Finished => false;

    /// <summary>The provider's freshness summary, for the dashboard.</summary>
    public OkxMarketDataSummary DataSummary => _provider.Summary;

    /// <summary>Socket health, for the dashboard (null without a socket).</summary>
    public IReadOnlyList<OkxWebSocketStats> SocketStats => _socket?.GetStats() ?? [];

    /// <summary>Paper mode: marks the instruments the account holds or has orders on to their live last price, so stops trigger on ticks.</summary>
    public async ValueTask<bool> AdvanceAsync(CancellationToken cancellationToken = default)
    {
        Volatile.Write(ref _instrumentIds, (await _provider.GetInstrumentsAsync(cancellationToken)).Select(i => i.Id).ToList());
        if (Paper is null)
        {
            return true;
        }
        var ids = (await Paper.GetOpenOrdersAsync(cancellationToken)).Select(o => o.InstrumentId)
            .Concat((await Paper.GetPositionsAsync(cancellationToken)).Select(p => p.InstrumentId))
            .Distinct(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var snapshot = await _provider.GetSnapshotAsync(id, DateTimeOffset.MaxValue, 1, cancellationToken);
            if (snapshot?.Ticker is { Last: > 0 } ticker)
            {
                Paper.SetMarkPrice(id, ticker.Last);
            }
        }
        return true;
    }

    public void Dispose()
    {
        _provider.UniverseChanged -= OnUniverseChanged;
        _stop.Cancel();
        try
        {
            Task.WaitAll([_dataLoop, _socketLoop, _universeLoop], TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loops end by cancellation; anything else was already logged by them.
        }
        if (_socket is not null)
        {
            _socket.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
        }
        foreach (var d in _owned)
        {
            d.Dispose();
        }
        _stop.Dispose();
    }

    private void OnUniverseChanged() => _universeChanged.Writer.TryWrite(true);

    /// <summary>Subscribes the universe's candles and tickers now, then again (the difference) after every universe change.</summary>
    private async Task FollowUniverseAsync(OkxUniverseSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        try
        {
            do
            {
                try
                {
                    var ids = (await _provider.GetInstrumentsAsync(cancellationToken)).Select(i => i.Id).ToList();
                    if (await subscriptions.SyncAsync(ids, cancellationToken))
                    {
                        _logger.LogInformation("OKX market-data subscriptions follow the universe: {Count} instruments", ids.Count);
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.Net.WebSockets.WebSocketException or IOException)
                {
                    _logger.LogWarning("OKX market-data subscriptions not updated ({Message}); retried at the next universe change", ex.Message);
                }
            }
            while (await _universeChanged.Reader.WaitToReadAsync(cancellationToken) && _universeChanged.Reader.TryRead(out _));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task PumpSocketAsync(OkxWebSocketClient socket, OkxEventSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            if (Paper is null)
            {
                // Trading on OKX: order changes are pushed, so fills and fired stops are handled without waiting for the next cycle.
                await socket.SubscribeAsync([OkxSubscription.ForInstrumentType("orders", "SWAP")], cancellationToken);
            }
            await foreach (var e in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await HandleAsync(e, cancellationToken);
                }
                catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
                {
                    _logger.LogWarning("A WebSocket message could not be used: {Message}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Net.WebSockets.WebSocketException or IOException)
        {
            _logger.LogWarning("The OKX WebSocket feed stopped ({Message}); the REST loop keeps the data fresh.", ex.Message);
        }
        finally
        {
            subscription.Dispose();
        }
    }

    private async Task HandleAsync(OkxWebSocketEvent e, CancellationToken cancellationToken)
    {
        switch (e)
        {
            case OkxPush { Channel: var channel } push when channel.StartsWith("candle", StringComparison.Ordinal) && push.InstId is { } instId:
                foreach (var row in push.Data.EnumerateArray())
                {
                    _provider.OnCandle(instId, OkxCandle.FromJson(row));
                }
                break;
            case OkxPush { Channel: "tickers" } push:
                foreach (var item in push.Data.EnumerateArray())
                {
                    _provider.OnTicker(OkxTicker.FromJson(item));
                }
                break;
            case OkxPush { Channel: "orders" }:
                ExchangeActivity?.Invoke();
                break;
            case OkxConnectionEvent { Kind: OkxConnectionEventKind.Reconnected }:
                await _provider.PollCandlesAsync(cancellationToken);
                Reconnected?.Invoke();
                break;
            default:
                break;
        }
    }
}
