using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Engines.Protection;

/// <summary>
/// A bounded fault soak: the whole engine in OKX demo mode trades a generated market on the fake OKX while 429s, busy
/// answers, 5xx, timeouts whose request was executed, dropped connections and socket outages (bars the engine does not
/// hear about, followed by a reconnect reconciliation) are injected at random (fixed seed). The exchange is sampled at
/// every price step: an open position must always have exactly one live reduce-only stop covering it. At the end no client
/// order id was sent twice and the engine's booked P&amp;L and fees equal the exchange's.
/// </summary>
public sealed class OkxFaultSoakTests
{
    private const int Bars = 1500;
    private const double FaultRate = 0.25;
    private const int OutageEvery = 60;
    private const int OutageBars = 3;

    private static readonly string[] FaultPaths =
    [
        "/api/v5/trade/order",
        "/api/v5/trade/order-algo",
        "/api/v5/trade/amend-algos",
        "/api/v5/trade/cancel-algos",
        "/api/v5/trade/fills",
        "/api/v5/trade/orders-pending",
        "/api/v5/trade/orders-algo-pending",
        "/api/v5/account/positions",
        "/api/v5/account/balance",
    ];

    // Not LateExecution: the replay clock stands still through an engine cycle, so a held request's expTime never
    // passes on the fake's clock while the cycle waits for it (OkxExchangeClientTests covers the late original).
    private static readonly FakeOkxFault[] SoakedFaults =
    [
        FakeOkxFault.RateLimit429,
        FakeOkxFault.Busy50013,
        FakeOkxFault.Http500,
        FakeOkxFault.Timeout,
        FakeOkxFault.DropConnection,
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnderMixedFaultsEveryPositionAlwaysHasExactlyOneStopNoClientIdIsSentTwiceAndTheBooksEqualTheExchanges()
    {
        await using var rig = await FakeOkxReplayRig.StartAsync(seed: 42, instruments: 3, bars: Bars, o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.OrderRequestExpiry = o.RequestTimeout;
            o.MaxRetries = 2;
        }, timeoutFaultDelay: TimeSpan.FromSeconds(2));
        var (server, clock, provider, journal, okx, market) = (rig.Server, rig.Clock, rig.Provider, rig.Journal, rig.Okx, rig.Market);
        using var engine = EngineAssembly.Create("soak", provider, okx, clock);
        var reconciler = new ExchangeReconciler(okx, engine.Positions, clock, EngineAssembly.ClientIdPrefix("soak"), () => engine.Preset);

        var random = new Random(11);
        var faults = new Dictionary<FakeOkxFault, int>();
        var samples = 0;
        var unprotected = new List<string>();
        var doubled = new List<string>();
        var reconciliations = 0;
        var started = false;
        var outageLeft = 0;
        var bar = 0;
        foreach (var closeTime in provider.Timeline)
        {
            bar++;
            rig.MoveTo(closeTime, (id, price) => Sample($"bar {bar} {id} at {price}"));
            if (!started)
            {
                (await engine.StartAsync(PresetCatalog.Get("breakout_v1"), TradingMode.LiveDemo, Ct)).Success.ShouldBeTrue();
                started = true;
            }
            if (random.NextDouble() < FaultRate)
            {
                var fault = SoakedFaults[random.Next(SoakedFaults.Length)];
                server.Faults.Enqueue(FaultPaths[random.Next(FaultPaths.Length)], fault, random.Next(1, 3));
                faults[fault] = faults.GetValueOrDefault(fault) + 1;
            }
            if (bar % OutageEvery == 0)
            {
                // The private socket drops: for a few bars the engine hears nothing while the market moves.
                outageLeft = OutageBars;
                continue;
            }
            if (outageLeft > 0)
            {
                outageLeft--;
                if (outageLeft > 0)
                {
                    continue;
                }
                // Reconnected: reconciliation first, as the registry runs it.
                var report = await engine.RunExclusiveAsync(ct => reconciler.ReconcileAsync("reconnect", null, ct), Ct);
                reconciliations++;
                if (report.Error is null)
                {
                    // Every position protected; a stray order may only remain when its cancel hit an injected fault in
                    // this very reconciliation (it is reported, and cancelled later: the last reconciliation finds none).
                    var failedCancels = report.Items.Where(i => i.Action.StartsWith("cancel failed", StringComparison.Ordinal)).Select(i => i.Difference).ToList();
                    report.Violations.Where(v => !failedCancels.Any(d => StrayOrderId(v) is { } id && d.Contains(id, StringComparison.Ordinal)))
                        .ShouldBeEmpty($"bar {bar}: {report.Summary}");
                }
                Sample($"bar {bar} after reconciliation");
            }
            await engine.RunUntilRestAsync(12, Ct);
            Sample($"bar {bar} after the engine's cycle");
        }

        // The faults stop; a last reconciliation must find the invariant holding.
        server.Faults.Clear();
        var final = await engine.RunExclusiveAsync(ct => reconciler.ReconcileAsync("end of soak", null, ct), Ct);
        final.Error.ShouldBeNull();
        final.Violations.ShouldBeEmpty(final.Summary);

        var positions = engine.Positions.ClosedPositions.Concat(engine.Positions.OpenPositions).ToList();
        var requests = server.Requests.Count;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Soak: {Bars} bars, {faults.Values.Sum()} fault bursts ({string.Join(", ", faults.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))}), " +
            $"{reconciliations} reconnect reconciliations, {requests} requests, {server.Orders.Count} orders, {server.AlgoOrders.Count} algo orders, " +
            $"{positions.Count} positions ({engine.Positions.OpenPositions.Count} open), {samples} samples, {unprotected.Count} unprotected, {doubled.Count} with two stops.");

        unprotected.Take(5).ShouldBeEmpty($"{unprotected.Count} samples found an open position without a full stop");
        doubled.Take(5).ShouldBeEmpty($"{doubled.Count} samples found two stops on one position");
        positions.Count.ShouldBeGreaterThan(10, "the soak must actually trade");
        faults.Values.Sum().ShouldBeGreaterThan(100);
        server.Orders.Where(o => o.ClOrdId.Length > 0).GroupBy(o => o.ClOrdId).ShouldAllBe(g => g.Count() == 1);
        server.AlgoOrders.Where(a => a.AlgoClOrdId.Length > 0).GroupBy(a => a.AlgoClOrdId).ShouldAllBe(g => g.Count() == 1);
        // A request OKX answered with 429/busy (not executed) and could not find afterwards is sent again with the same id,
        // so an id may have two intents; what matters is that every order OKX holds had its intent journalled first.
        var intents = journal.Entries.Where(e => e.IsIntent).Select(e => e.ClientOrderId).ToHashSet(StringComparer.Ordinal);
        server.Orders.Where(o => o.ClOrdId.Length > 0).ShouldAllBe(o => intents.Contains(o.ClOrdId));
        positions.SelectMany(p => p.Exits).ShouldNotContain(e => e.Reason == ExitReason.Reconciled, "every exit was booked from a real fill");
        positions.Sum(p => p.GrossRealizedPnl).ShouldBe(server.Fills.Sum(f => f.Pnl), "booked realised P&L equals the exchange's");
        positions.Sum(p => p.Fees).ShouldBe(-server.Fills.Sum(f => f.Fee), "booked fees equal the exchange's");

        static string? StrayOrderId(string violation) =>
            violation.Contains("still open without a position", StringComparison.Ordinal) && violation.Split(' ') is { Length: > 2 } words ? words[2] : null;

        void Sample(string where)
        {
            foreach (var instrument in market.Instruments)
            {
                var contracts = server.GetPosition(instrument.Id)?.Contracts ?? 0m;
                if (contracts == 0)
                {
                    continue;
                }
                samples++;
                var side = contracts > 0 ? "sell" : "buy";
                var stops = server.AlgoOrders.Where(a => a.IsLive && a.InstId == instrument.Id && a.ReduceOnly && a.Side == side && a.StopLossTriggerPrice is not null).ToList();
                if (stops.Count == 0 || stops.Sum(s => s.Size ?? 0m) < Math.Abs(contracts))
                {
                    unprotected.Add($"{where}: {contracts} contracts, stops {string.Join("/", stops.Select(s => s.Size))}");
                }
                else if (stops.Count > 1)
                {
                    doubled.Add($"{where}: {stops.Count} stops");
                }
            }
        }
    }
}
