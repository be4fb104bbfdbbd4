using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.Persistence.Events;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Engines;

/// <summary>What reaches the database comes from the recorder: every order answer, each fill once, orders that leave the book, and equity at a bounded rate.</summary>
public sealed class ExchangeRecorderTests
{
    private static readonly Instrument Btc = new("BTC-USDT-SWAP", InstrumentKind.Swap, 0.1m, 0.01m, 0.01m, 0.01m);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<EngineEvent> _events = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private (ExchangeRecorder Recorder, PaperExchangeClient Paper) Build()
    {
        var paper = new PaperExchangeClient([Btc], _clock, new PaperExchangeOptions { StartingBalance = 10_000m });
        paper.SetMarkPrice(Btc.Id, 50_000m);
        return (new ExchangeRecorder("e1", paper, _clock, _events.Add), paper);
    }

    [Fact]
    public async Task ReportsOrderAnswersFillsOnceAndOrdersThatLeaveTheBook()
    {
        var (recorder, paper) = Build();
        using var _ = recorder;
        (await recorder.PlaceOrderAsync(new OrderRequest("c1", Btc.Id, OrderSide.Buy, OrderType.Market, 0.02m), Ct)).IsSuccess.ShouldBeTrue();
        var stop = await recorder.PlaceOrderAsync(new OrderRequest("c2", Btc.Id, OrderSide.Sell, OrderType.StopMarket, 0.02m, TriggerPrice: 49_000m, ReduceOnly: true), Ct);
        stop.IsSuccess.ShouldBeTrue(stop.Message);
        _events.OfType<OrderUpdatedEvent>().Select(e => e.Order.ClientOrderId).ShouldBe(["c1", "c2"]);

        await recorder.CollectAsync([], Ct);
        await recorder.CollectAsync([], Ct);
        _events.OfType<FillRecordedEvent>().Count().ShouldBe(1, "a fill is reported once however often the recorder looks");

        // The stop fires on the exchange without the engine placing anything: the recorder sees it leave the book.
        paper.SetMarkPrice(Btc.Id, 48_900m);
        await recorder.CollectAsync([], Ct);
        _events.OfType<FillRecordedEvent>().Count().ShouldBe(2);
        _events.OfType<OrderUpdatedEvent>().Last().Order.ShouldSatisfyAllConditions(
            o => o.OrderId.ShouldBe(stop.Order!.OrderId),
            o => o.Status.ShouldBe(OrderStatus.Filled));
    }

    [Fact]
    public async Task SamplesEquityAtMostOnceAMinuteOfEngineTime()
    {
        var (recorder, _) = Build();
        using var _ = recorder;
        for (var i = 0; i < 120; i++)
        {
            await recorder.CollectAsync([], Ct);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        _events.OfType<EquitySnapshotEvent>().Count().ShouldBe(2, "two minutes of one-second cycles");
        _events.OfType<EquitySnapshotEvent>().First().Equity.ShouldBe(10_000m);
    }
}
