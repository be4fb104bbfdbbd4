using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Positions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Tests.TestSupport.Builders;
using BreakoutBot.Tests.TestSupport.FakeOkx;

namespace BreakoutBot.Tests.Infrastructure.Engines.Protection;

/// <summary>
/// The engine's execution, position manager and reconciler on the OKX adapter over the fake OKX server (BTC-USDT-SWAP,
/// 1 contract = 0.01 BTC), for driving one position through faults by hand.
/// </summary>
internal sealed class OkxPositionHarness : IMarketViewSource, IAsyncDisposable
{
    public const string Btc = OkxAdapterHarness.Btc;
    public const string Prefix = "bbt";

    private OkxPositionHarness(OkxAdapterHarness adapter, OkxExchangeClient exchange, TradingPreset preset)
    {
        Adapter = adapter;
        Exchange = exchange;
        Preset = preset;
        Market = new InstrumentMarket(exchange.Instruments[Btc], isBenchmark: true);
        Execution = new ExecutionManager(exchange, TimeProvider.System, Prefix, baseDelay: TimeSpan.FromMilliseconds(5));
        Positions = new PositionManager(exchange, Execution, this, TimeProvider.System);
        Reconciler = new ExchangeReconciler(exchange, Positions, TimeProvider.System, Prefix, () => Preset);
    }

    public OkxAdapterHarness Adapter { get; }

    public FakeOkxServer Server => Adapter.Server;

    public OkxExchangeClient Exchange { get; }

    public TradingPreset Preset { get; }

    public InstrumentMarket Market { get; }

    public ExecutionManager Execution { get; }

    public PositionManager Positions { get; }

    public ExchangeReconciler Reconciler { get; }

    /// <summary>breakout_v1 with TP1 at 1R for 50 % and TP2 at 2R for 30 % (20 % rides the stop).</summary>
    public static TradingPreset DefaultPreset() =>
        TradingBuilder.Preset(p => p with { Tp1R = 1, Tp2R = 2, Tp1SizePct = 0.5, Tp2SizePct = 0.3 });

    public static async Task<OkxPositionHarness> StartAsync(decimal price = 50_000m, TimeSpan? requestTimeout = null, TimeSpan? timeoutFaultDelay = null, TimeProvider? clock = null)
    {
        // Faults are injected in bursts here; the adapter's circuit breaker would otherwise pause every call for 30 s.
        var adapter = await OkxAdapterHarness.StartAsync(price, requestTimeout, timeoutFaultDelay, configure: o => o.CircuitBreakerFailureThreshold = 1000, clock: clock);
        return new OkxPositionHarness(adapter, adapter.Okx, DefaultPreset());
    }

    public IMarketView? GetMarket(string instrumentId) => instrumentId == Btc ? Market : null;

    public ApprovedEntry Long(decimal entry, decimal stop, decimal quantity) =>
        new(TradingBuilder.SignalOn(Btc, DateTimeOffset.UtcNow, PositionSide.Long, entry, stop), quantity, quantity * entry, quantity * (entry - stop), DateTimeOffset.UtcNow);

    /// <summary>The live stop-loss algo orders on the fake account (of anyone) for BTC.</summary>
    public IReadOnlyList<FakeOkxAlgoOrder> LiveStops() =>
        Server.AlgoOrders.Where(a => a.IsLive && a.InstId == Btc && a.StopLossTriggerPrice is not null).ToList();

    /// <summary>POSTs that placed a stand-alone stop (not one attached to an entry).</summary>
    public int StopPlacements() => Server.Requests.Count(r => r.Method == "POST" && r.Path == "/api/v5/trade/order-algo"
        && r.ClientOrderIds.Any(id => id.StartsWith(Prefix + "sl", StringComparison.Ordinal)));

    /// <summary>The market trades at <paramref name="price"/>: the fake OKX moves (resting orders fill, stops fire) and the engine's market view gets a bar closing there.</summary>
    public void Trade(decimal price)
    {
        Server.SetPrice(Btc, price);
        var time = Market.LastCandle is { } last ? last.Time + Candle.Interval : new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        var open = Market.LastCandle?.Close ?? price;
        Market.Add(Candle.Create(time, open, Math.Max(open, price), Math.Min(open, price), price, 10m));
    }

    public decimal ExchangeContracts() => Server.GetPosition(Btc)?.Contracts ?? 0m;

    public async ValueTask DisposeAsync() => await Adapter.DisposeAsync();
}
