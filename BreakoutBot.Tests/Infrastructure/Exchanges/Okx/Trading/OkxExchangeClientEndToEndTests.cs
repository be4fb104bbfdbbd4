using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engine;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Infrastructure.Exchanges.Okx.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;

/// <summary>
/// The whole engine in live-demo mode on the OKX adapter over the fake OKX server: generated candles are replayed to
/// the engine and, bar by bar, drive the fake's price through each bar's open, extremes and close.
/// </summary>
public sealed class OkxExchangeClientEndToEndTests
{
    private const int Bars = 3000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEngineOpensAPositionProtectsItWithARestingStopMovesTheStopAndClosesIt()
    {
        await using var rig = await FakeOkxReplayRig.StartAsync(seed: 42, instruments: 3, bars: Bars);
        var (server, clock, provider, journal, okx) = (rig.Server, rig.Clock, rig.Provider, rig.Journal, rig.Okx);
        using var engine = EngineAssembly.Create("okxe2e", provider, okx, clock);

        var started = false;
        Position? closedByMovedStop = null;
        var stopSeenResting = false;
        foreach (var closeTime in provider.Timeline)
        {
            rig.MoveTo(closeTime);
            if (!started)
            {
                var start = await engine.StartAsync(PresetCatalog.Get("breakout_v1"), TradingMode.LiveDemo, Ct);
                start.Success.ShouldBeTrue(start.Message);
                started = true;
            }
            await engine.RunUntilRestAsync(12, Ct);

            foreach (var open in engine.Positions.OpenPositions.Where(p => p.IsOpen && p.StopOrderId is not null))
            {
                stopSeenResting |= server.AlgoOrders.Any(a => a.AlgoId == open.StopOrderId && a.IsLive && a.ReduceOnly && a.StopLossTriggerPrice is not null);
            }
            var amended = server.AlgoOrders.Where(a => a.Amendments > 0).Select(a => a.AlgoId).ToHashSet(StringComparer.Ordinal);
            closedByMovedStop = engine.Positions.ClosedPositions.FirstOrDefault(p =>
                p.CloseReason is ExitReason.BreakevenStop or ExitReason.TrailingStop && p.Exits.Any(e => amended.Contains(e.OrderId)));
            if (closedByMovedStop is not null)
            {
                break;
            }
        }

        stopSeenResting.ShouldBeTrue("an open position's stop never rested on OKX as a reduce-only algo order");
        closedByMovedStop.ShouldNotBeNull("no position was closed by a stop that had been moved on OKX");
        var stopExit = closedByMovedStop.Exits[^1];
        var algo = server.AlgoOrders.Single(a => a.AlgoId == stopExit.OrderId);
        algo.State.ShouldBe("effective");
        algo.StopLossTriggerPrice.ShouldBe(closedByMovedStop.StopLoss);
        server.GetPosition(closedByMovedStop.InstrumentId)!.Contracts.ShouldBe(0m, "the fake still holds the position the engine closed");
        // Never two orders for one client id.
        server.Orders.Where(o => o.ClOrdId.Length > 0).GroupBy(o => o.ClOrdId).ShouldAllBe(g => g.Count() == 1);
        server.AlgoOrders.Where(a => a.AlgoClOrdId.Length > 0).GroupBy(a => a.AlgoClOrdId).ShouldAllBe(g => g.Count() == 1);
        journal.Entries.Where(e => e.IsIntent).Select(e => e.ClientOrderId).ShouldBeUnique();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"E2E: {server.Requests.Count} requests, {server.Orders.Count} orders, {server.AlgoOrders.Count} algo orders, {server.AlgoOrders.Sum(a => a.Amendments)} stop amendments, closed {engine.Positions.ClosedPositions.Count} positions by {clock.GetUtcNow():O}.");
    }
}
