using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Engines;

/// <summary>
/// The engine and its exchange drift apart (someone trades the account by hand, a stop fired while the engine was away,
/// an order was left behind); reconciliation resolves each difference by its rule and says what it did.
/// </summary>
public sealed class ExchangeReconcilerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(EngineRegistry Registry, EngineHandle Handle, RecordingAudit Audit)> EngineWithOpenPositionAsync()
    {
        var audit = new RecordingAudit();
        var registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink(), audit: audit);
        var handle = registry.Create("alice", "A", "breakout_v1", new EngineCreateOptions { Bars = 4000, WarmupBars = 300, BarIntervalMs = 1 });
        (await handle.ExecuteAsync(EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
        while (!handle.Engine.Positions.OpenPositions.Any(p => p.StopOrderId is not null))
        {
            handle.Market.Finished.ShouldBeFalse("the generated market must open a position");
            await handle.RunCycleAsync(Ct);
        }
        (await handle.Engine.PauseAsync(cancellationToken: Ct)).Success.ShouldBeTrue();
        return (registry, handle, audit);
    }

    [Fact]
    public async Task AnEngineInStepWithItsExchangeReportsNoDifference()
    {
        var (registry, handle, audit) = await EngineWithOpenPositionAsync();
        using var _ = registry;
        var report = await registry.ReconcileAsync(handle, "start", Ct);
        report.InStep.ShouldBeTrue(report.Summary);
        audit.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task APositionClosedOnTheExchangeWhileAwayIsBookedAsReconciledAndItsOrdersCancelled()
    {
        var (registry, handle, audit) = await EngineWithOpenPositionAsync();
        using var _ = registry;
        var position = handle.Engine.Positions.OpenPositions.First(p => p.StopOrderId is not null);
        var paper = handle.Market.Paper!;
        // A manual close on the exchange that the engine never hears about (a client id that is not the engine's).
        (await paper.PlaceOrderAsync(new OrderRequest("manualclose1", position.InstrumentId, position.ExitSide, OrderType.Market, position.Quantity, ReduceOnly: true), Ct)).IsSuccess.ShouldBeTrue();

        var report = await registry.ReconcileAsync(handle, "reconnect", Ct);

        report.Items.ShouldContain(i => i.InstrumentId == position.InstrumentId && i.Action.Contains("closed"));
        handle.Engine.Positions.OpenPositions.ShouldNotContain(p => p.Id == position.Id);
        var closed = handle.Engine.Positions.ClosedPositions.Single(p => p.Id == position.Id);
        closed.CloseReason.ShouldBe(ExitReason.Reconciled);
        (await paper.GetOpenOrdersAsync(Ct)).ShouldNotContain(o => o.OrderId == position.StopOrderId);
        audit.Entries.ShouldContain(e => e.Contains("engine.reconciled") && e.Contains(position.InstrumentId));
        handle.LastReconciliation.ShouldBeSameAs(report);
        // Reconciling again finds nothing more to do.
        (await registry.ReconcileAsync(handle, "again", Ct)).InStep.ShouldBeTrue();
    }

    [Fact]
    public async Task APositionTheEngineDidNotOpenIsClosedAndAForeignOrderIsLeftAlone()
    {
        var (registry, handle, _) = await EngineWithOpenPositionAsync();
        using var __ = registry;
        var paper = handle.Market.Paper!;
        var held = handle.Engine.Positions.OpenPositions.Select(p => p.InstrumentId).ToHashSet();
        var other = handle.Market.InstrumentIds.First(i => !held.Contains(i));
        var mark = paper.GetMarkPrice(other).ShouldNotBeNull();
        var instrument = (await handle.Market.Provider.GetInstrumentsAsync(Ct)).Single(i => i.Id == other);
        var qty = instrument.RoundQuantityDown(Math.Max(instrument.MinQuantity, 500m / mark));
        var byHand = await paper.PlaceOrderAsync(new OrderRequest("byhand1", other, OrderSide.Buy, OrderType.Market, qty), Ct);
        byHand.IsSuccess.ShouldBeTrue(byHand.Message);
        var foreign = await paper.PlaceOrderAsync(new OrderRequest("byhand2", other, OrderSide.Buy, OrderType.Limit, qty, Price: instrument.RoundPrice(mark * 0.5m)), Ct);
        foreign.IsSuccess.ShouldBeTrue(foreign.Message);

        var report = await registry.ReconcileAsync(handle, "start", Ct);

        report.Items.ShouldContain(i => i.InstrumentId == other && i.Action.Contains("reduce-only market order"));
        (await paper.GetPositionsAsync(Ct)).ShouldNotContain(p => p.InstrumentId == other);
        report.Items.ShouldContain(i => i.Difference.Contains(foreign.Order!.OrderId) && i.Action == "left alone");
        (await paper.GetOpenOrdersAsync(Ct)).ShouldContain(o => o.OrderId == foreign.Order!.OrderId);
        // The engine's own positions were not touched.
        handle.Engine.Positions.OpenPositions.Select(p => p.InstrumentId).ToHashSet().ShouldBe(held);
    }

    [Fact]
    public async Task AnOrderOfThisEngineThatNoPositionUsesIsCancelled()
    {
        var (registry, handle, _) = await EngineWithOpenPositionAsync();
        using var __ = registry;
        var paper = handle.Market.Paper!;
        var position = handle.Engine.Positions.OpenPositions[0];
        var prefix = BreakoutBot.Infrastructure.Engine.EngineAssembly.ClientIdPrefix(handle.Id);
        var trigger = position.Side == PositionSide.Long ? position.StopLoss * 0.9m : position.StopLoss * 1.1m;
        var orphan = await paper.PlaceOrderAsync(new OrderRequest(prefix + "sl999", position.InstrumentId, position.ExitSide, OrderType.StopMarket,
            position.Quantity, TriggerPrice: decimal.Round(trigger, 2), ReduceOnly: true), Ct);
        orphan.IsSuccess.ShouldBeTrue(orphan.Message);

        var report = await registry.ReconcileAsync(handle, "start", Ct);

        report.Items.ShouldContain(i => i.Difference.Contains(orphan.Order!.OrderId) && i.Action == "cancelled");
        (await paper.GetOpenOrdersAsync(Ct)).ShouldNotContain(o => o.OrderId == orphan.Order!.OrderId);
        (await paper.GetOpenOrdersAsync(Ct)).ShouldContain(o => o.OrderId == position.StopOrderId, "the position's own stop stays");
    }

    private sealed class RecordingAudit : IAuditLog
    {
        private readonly List<string> _entries = [];

        public IReadOnlyList<string> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public void Record(string? userId, string? userName, string action, string? target, string? details, bool success = true)
        {
            lock (_entries)
            {
                _entries.Add($"{action} {target} {details}");
            }
        }
    }
}
