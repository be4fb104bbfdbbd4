using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Tests.TestSupport.FakeOkx;

namespace BreakoutBot.Tests.Properties.Chaos;

/// <summary>
/// The chaos rig on the real OKX adapter over the fake OKX server (BTC and ETH swaps): faults are the server's own
/// (429, busy, 500, a timeout whose request was executed), a thin book makes an entry fill only in part, and a restart
/// is a new adapter that knows none of the orders, followed by the reconciliation the portal runs.
/// </summary>
internal sealed class OkxChaosRig : ChaosRig, IAsyncDisposable
{
    private const string Eth = "ETH-USDT-SWAP";

    private readonly OkxAdapterHarness _adapter;
    private readonly List<OkxExchangeClient> _restarted = [];
    private readonly HashSet<string> _thin = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _last = new(StringComparer.Ordinal);
    private OkxExchangeClient _okx;
    private int _faultsQueued;

    private OkxChaosRig(OkxAdapterHarness adapter, IReadOnlyList<Instrument> instruments, TradingPreset preset)
        : base(instruments, preset)
    {
        _adapter = adapter;
        _okx = adapter.Okx;
    }

    private FakeOkxServer Server => _adapter.Server;

    protected override IExchangeClient Exchange => _okx;

    protected override TimeProvider Clock => _adapter.Clock;

    protected override int FaultsPending => Server.Faults.Pending;

    protected override int FaultsMet => _faultsQueued - Server.Faults.Pending;

    protected override bool ReconcilesAfterRestart => true;

    public static async Task<OkxChaosRig> StartAsync()
    {
        // Faults come in bursts here; the adapter's circuit breaker would otherwise pause every call for 30 s, and OKX's
        // rate-limit windows (2 s) would dominate the run time.
        var adapter = await OkxAdapterHarness.StartAsync(50_000m, requestTimeout: TimeSpan.FromMilliseconds(200), timeoutFaultDelay: TimeSpan.FromSeconds(1),
            configure: o =>
            {
                o.CircuitBreakerFailureThreshold = 1000;
                o.RateLimitWindow = TimeSpan.FromMilliseconds(20);
            });
        var instruments = new[] { adapter.Okx.Instruments[OkxAdapterHarness.Btc], adapter.Okx.Instruments[Eth] };
        var rig = new OkxChaosRig(adapter, instruments, PresetCatalog.Get("breakout_v1"));
        await rig.SeedAsync([50_000m, 2_500m], new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero));
        rig.BuildEngine();
        return rig;
    }

    protected override Task TradeAsync(Instrument instrument, Candle candle)
    {
        // The price walks through the bar as it traded: open, the extreme against its direction, the other, close.
        decimal[] path = candle.Close >= candle.Open
            ? [candle.Open, candle.Low, candle.High, candle.Close]
            : [candle.Open, candle.High, candle.Low, candle.Close];
        foreach (var price in path)
        {
            Server.SetPrice(instrument.Id, price);
        }
        _last[instrument.Id] = candle.Close;
        return Task.CompletedTask;
    }

    protected override void InjectFault(int times, ChaosFault kind)
    {
        var fault = kind switch
        {
            ChaosFault.RateLimited => FakeOkxFault.RateLimit429,
            ChaosFault.Busy => FakeOkxFault.Busy50013,
            ChaosFault.Rejected => FakeOkxFault.Http500,
            _ => FakeOkxFault.Timeout,
        };
        // Any trade call: placing, amending, cancelling, and reading orders and fills.
        Server.Faults.Enqueue("/api/v5/trade/", fault, times);
        _faultsQueued += times;
    }

    protected override void ClearFaults()
    {
        _faultsQueued -= Server.Faults.Pending;
        Server.Faults.Clear();
    }

    protected override void ThinOut(Instrument instrument)
    {
        // One contract available: the next entry on it fills in part and the rest is cancelled.
        Server.SetImmediateLiquidity(instrument.Id, 1m);
        _thin.Add(instrument.Id);
    }

    protected override void AfterEntry(Instrument instrument)
    {
        if (_thin.Remove(instrument.Id))
        {
            Server.SetImmediateLiquidity(instrument.Id, null);
        }
    }

    protected override async Task CancelOnExchangeAsync(string instrumentId, string orderId) =>
        await _okx.CancelOrderAsync(instrumentId, orderId, Ct);

    protected override async Task RestartExchangeAsync()
    {
        var applied = (await _okx.GetFillsAsync(0, Ct)).Where(f => f.Sequence <= Positions.LastFillSequence).Select(f => f.FillId).ToList();
        var client = await _adapter.RestartedAsync(new OkxFillCursor(Positions.LastFillSequence, applied));
        _restarted.Add(client);
        _okx = client;
    }

    protected override IReadOnlyList<string> ClientIdViolations()
    {
        var orders = Server.Orders.Where(o => o.ClOrdId.Length > 0).GroupBy(o => o.ClOrdId).Where(g => g.Count() > 1).Select(g => $"order {g.Key} placed {g.Count()} times");
        var algos = Server.AlgoOrders.Where(a => a.AlgoClOrdId.Length > 0).GroupBy(a => a.AlgoClOrdId).Where(g => g.Count() > 1).Select(g => $"algo {g.Key} placed {g.Count()} times");
        return orders.Concat(algos).ToList();
    }

    protected override Task<decimal> ExchangeQuantityAsync(string instrumentId)
    {
        var contracts = Server.GetPosition(instrumentId)?.Contracts ?? 0m;
        return Task.FromResult(contracts * Instruments.Single(i => i.Id == instrumentId).ContractValue);
    }

    protected override Task<IReadOnlyList<string>> EquityViolationsAsync()
    {
        var problems = new List<string>();
        var balance = Server.GetBalance();
        var marked = 0m;
        foreach (var instrument in Instruments)
        {
            if (Server.GetPosition(instrument.Id) is { IsOpen: true } p)
            {
                marked += (_last[instrument.Id] - (p.AveragePrice ?? 0m)) * p.Contracts * instrument.ContractValue;
            }
        }
        if (Math.Abs(balance.UnrealizedPnl - marked) > 0.0001m)
        {
            problems.Add($"unrealised P&L {balance.UnrealizedPnl} is not the positions marked to the last price ({marked})");
        }
        if (Math.Abs(balance.Equity - (balance.CashBalance + balance.UnrealizedPnl)) > 0.0001m)
        {
            problems.Add($"equity {balance.Equity} is not cash {balance.CashBalance} + unrealised {balance.UnrealizedPnl}");
        }
        return Task.FromResult<IReadOnlyList<string>>(problems);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _restarted)
        {
            client.Dispose();
        }
        await _adapter.DisposeAsync();
    }
}
