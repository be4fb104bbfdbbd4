using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// A fake OKX v5 exchange for tests: Kestrel on 127.0.0.1 with a free port, serving the REST API under
/// <c>/api/v5/...</c> (with signature checks) and the WebSockets <c>/ws/v5/{public,business,private}</c>.
/// Tests set market state (instruments, prices, candles), inject faults, and read back every request, order,
/// algo order, position and balance. <c>await using var okx = await FakeOkxServer.StartAsync(options);</c>
/// </summary>
public sealed class FakeOkxServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    private readonly WebApplication _app;
    private readonly FakeOkxExchange _exchange;
    private readonly FakeOkxRestApi _rest;
    private readonly FakeOkxWebSocketHub _hub;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    private FakeOkxServer(WebApplication app, FakeOkxOptions options)
    {
        _app = app;
        Options = options;
        _hub = new FakeOkxWebSocketHub(options);
        _exchange = new FakeOkxExchange(options, _hub);
        _hub.Attach(_exchange);
        _rest = new FakeOkxRestApi(_exchange, Faults, options);
    }

    public FakeOkxOptions Options { get; }

    /// <summary>http://127.0.0.1:port, for <c>OkxOptions.RestBaseUrl</c>.</summary>
    public Uri RestBaseUrl { get; private set; } = null!;

    /// <summary>ws://127.0.0.1:port, for <c>OkxOptions.WsBaseUrl</c> and <c>WsDemoBaseUrl</c>.</summary>
    public Uri WsBaseUrl { get; private set; } = null!;

    /// <summary>REST faults for the next calls on a path prefix.</summary>
    public FakeOkxFaults Faults { get; } = new();

    public static async Task<FakeOkxServer> StartAsync(FakeOkxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeOkxOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeOkxServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "FakeOkx",
        });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeOkxServer(app, options);
        if (options.AddTypicalSwaps)
        {
            server.AddTypicalSwaps();
        }
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        var port = new Uri(address).Port;
        server.RestBaseUrl = new Uri($"http://127.0.0.1:{port}");
        server.WsBaseUrl = new Uri($"ws://127.0.0.1:{port}");
        return server;
    }

    // ---------- market state ----------

    public void AddInstrument(FakeOkxInstrument instrument, bool asListed = false) => _exchange.AddInstrument(instrument, asListed);

    /// <summary>Adds BTC-USDT-SWAP and ETH-USDT-SWAP with their usual rules.</summary>
    public void AddTypicalSwaps()
    {
        _exchange.AddInstrument(FakeOkxInstrument.BtcUsdtSwap);
        _exchange.AddInstrument(FakeOkxInstrument.EthUsdtSwap);
    }

    /// <summary>Sets the last price (bid/ask one tick around it), fills crossed limit orders, fires crossed algo orders
    /// and pushes tickers/books5.</summary>
    public void SetPrice(string instId, decimal last) => _exchange.SetPrice(instId, last);

    /// <summary>Caps what an immediate-or-cancel order fills at once (contracts); null removes the cap.</summary>
    public void SetImmediateLiquidity(string instId, decimal? contracts) => _exchange.SetImmediateLiquidity(instId, contracts);

    /// <summary>Sets the 24 h volume in base currency (coins) that tickers report (contracts and quote are derived).</summary>
    public void SetVolume24h(string instId, decimal baseVolume) => _exchange.SetVolume24h(instId, baseVolume);

    /// <summary>Sets a swap's open interest in contracts, served by <c>/public/open-interest</c> (USD = contracts × ctVal × last price); null removes it.</summary>
    public void SetOpenInterest(string instId, decimal? contracts) => _exchange.SetOpenInterest(instId, contracts);

    /// <summary>Adds (or replaces, by open time) candles served by REST candles and history-candles.</summary>
    public void AddCandles(string instId, string bar, IEnumerable<FakeOkxCandle> candles) => _exchange.AddCandles(instId, bar, candles);

    /// <summary>Removes the bar opening at <paramref name="time"/> (OKX then does not have it); false when there was none.</summary>
    public bool RemoveCandle(string instId, string bar, DateTimeOffset time) => _exchange.RemoveCandle(instId, bar, time);

    /// <summary>While <paramref name="fail"/> is true, history-candles requests for <paramref name="instId"/> answer HTTP 500 (code 50026).</summary>
    public void FailHistoryCandles(string instId, bool fail) => _exchange.FailHistoryCandles(instId, fail);

    /// <summary>Adds (or replaces, by settlement time) funding rates served by <c>/public/funding-rate-history</c>.</summary>
    public void AddFundingRates(string instId, IEnumerable<(DateTimeOffset Time, decimal Rate)> rates) => _exchange.AddFundingRates(instId, rates);

    /// <summary>Stores the candle and pushes it to <c>candle{bar}</c> subscribers on <c>/ws/v5/business</c>.</summary>
    public void PushCandle(string instId, string bar, FakeOkxCandle candle, bool confirm)
    {
        var row = _exchange.UpsertCandle(instId, bar, candle with { Confirmed = confirm });
        _hub.CandleChanged(instId, bar, row);
    }

    /// <summary>Sets a currency's cash balance (USDT by default holds <see cref="FakeOkxOptions.InitialUsdtBalance"/>).</summary>
    public void SetBalance(string currency, decimal amount) => _exchange.SetCash(currency, amount);

    // ---------- WebSocket hooks ----------

    /// <summary>Sends the 64008 "service upgrade" notice on every open socket.</summary>
    public void SendNotice64008() => _hub.SendNotice64008();

    /// <summary>Aborts every open socket without a close frame.</summary>
    public void DropAllSockets() => _hub.DropAll();

    /// <summary>Delays every data push (not acks or pong) by <paramref name="delay"/>; zero turns it off.</summary>
    public void DelayPushes(TimeSpan delay) => _hub.DelayPushes(delay);

    /// <summary>Sends every data push twice while on.</summary>
    public void DuplicatePushes(bool duplicate) => _hub.DuplicatePushes(duplicate);

    /// <summary>While true, sockets get no <c>pong</c> for their <c>ping</c> (to test keep-alive).</summary>
    public bool WsSilent
    {
        get => _hub.Silent;
        set => _hub.Silent = value;
    }

    // ---------- introspection ----------

    /// <summary>Every REST request received, in order (including rejected and faulted ones).</summary>
    public IReadOnlyList<FakeOkxRequest> Requests => _rest.Requests;

    /// <summary>Place and amend requests refused with 50037 (not executed) because their <c>expTime</c> had passed when they were executed.</summary>
    public IReadOnlyList<FakeOkxRequest> ExpiredRequests => _rest.ExpiredRequests;

    /// <summary><see cref="FakeOkxFault.LateExecution"/> requests still held (received, not executed yet).</summary>
    public int HeldRequests => _rest.HeldRequests;

    /// <summary>Held <see cref="FakeOkxFault.LateExecution"/> requests whose client gave up on them while they were held.</summary>
    public int AbandonedHeldRequests => _rest.AbandonedHeldRequests;

    /// <summary>Executes the <see cref="FakeOkxFault.LateExecution"/> requests held now.</summary>
    public void ReleaseHeld() => _rest.ReleaseHeld();

    /// <summary>Every order ever accepted, in placement order (algo-triggered child orders included).</summary>
    public IReadOnlyList<FakeOkxOrder> Orders => _exchange.Orders;

    /// <summary>Every algo order ever accepted or created from an attached TP/SL, in creation order.</summary>
    public IReadOnlyList<FakeOkxAlgoOrder> AlgoOrders => _exchange.AlgoOrders;

    /// <summary>Open positions (non-zero).</summary>
    public IReadOnlyList<FakeOkxPosition> Positions => _exchange.Positions;

    public IReadOnlyList<FakeOkxFill> Fills => _exchange.Fills;

    /// <summary>The position record for an instrument (also after it went flat), or null.</summary>
    public FakeOkxPosition? GetPosition(string instId) => _exchange.Position(instId);

    public FakeOkxBalance GetBalance(string currency = "USDT") => _exchange.Balance(currency);

    public long WsConnectionCount => _hub.ConnectionCount;

    public long WsLoginCount => _hub.LoginCount;

    public long WsSubscriptionCount => _hub.SubscriptionCount;

    public int OpenSocketCount => _hub.OpenCount;

    /// <summary>Text <c>ping</c> frames received on any socket.</summary>
    public long WsPingCount => _hub.PingCount;

    /// <summary>Every WebSocket error event sent, as (socket kind, code), e.g. ("public", "60018").</summary>
    public IReadOnlyList<(string Kind, string Code)> WsErrorsSent => _hub.ErrorsSent;

    /// <summary>The subscriptions held by the open sockets of one kind (public, business, private), as (channel, instId or instType).</summary>
    public IReadOnlyList<(string Channel, string? Target)> WsSubscriptions(string kind) => _hub.SubscriptionsOf(kind);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        _hub.DropAll();
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping took too long; disposing below tears the rest down.
            }
        }
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (path.StartsWith("/ws/v5/", StringComparison.Ordinal))
        {
            var kind = path["/ws/v5/".Length..];
            if (context.WebSockets.IsWebSocketRequest && kind is "public" or "business" or "private")
            {
                await _hub.AcceptAsync(context, kind, _stopping.Token);
                return;
            }
        }
        await _rest.HandleAsync(context, _stopping.Token);
    }
}
