using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.Monitoring.Metrics;
using BreakoutBot.Infrastructure.Persistence.Events;
using BreakoutBot.Tests.TestSupport.Builders;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Monitoring;

/// <summary>
/// The engine series: events counted by their bounded labels on the way to the real sink (which still gets every one),
/// and order calls counted by action and result where the recorder sees them.
/// </summary>
public sealed class EngineMetricsSinkTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly MeasurementRecorder _recorded = new();
    private readonly string _engineId = "m" + Guid.NewGuid().ToString("N")[..8];
    private readonly RecordingSink _inner = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private (string, string) Engine => ("engine", _engineId);

    [Fact]
    public void CountsTransitionsByFromAndToState()
    {
        var sink = new EngineMetricsSink(_inner);

        sink.Publish(new StateChangedEvent(_engineId, T0, new StateTransition(TradingState.Idle, TradingState.Initializing, "start", new Dictionary<string, string>(), T0, false)));
        sink.Publish(new StateChangedEvent(_engineId, T0, new StateTransition(TradingState.SignalWait, TradingState.Sizing, "signal", new Dictionary<string, string>(), T0, false)));
        sink.Publish(new StateChangedEvent(_engineId, T0, new StateTransition(TradingState.SignalWait, TradingState.Sizing, "signal", new Dictionary<string, string>(), T0, false)));

        _recorded.Sum("engine.transitions", Engine, ("from", "idle"), ("to", "initializing")).ShouldBe(1);
        _recorded.Sum("engine.transitions", Engine, ("from", "signal_wait"), ("to", "sizing")).ShouldBe(2);
        _inner.Events.Count.ShouldBe(3, "every event still reaches the real sink");
    }

    [Fact]
    public void CountsSignalsByStrategyAndStatusKillSwitchFiringsAndFills()
    {
        var sink = new EngineMetricsSink(_inner);
        var signal = TradingBuilder.SignalOn("BTC-USDT-SWAP", T0, PositionSide.Long, 100m, 95m);

        sink.Publish(new SignalEvent(_engineId, T0, signal, SignalStatus.Active, null));
        sink.Publish(new SignalEvent(_engineId, T0, signal, SignalStatus.Rejected, "daily loss limit reached: 512.30 USDT"));
        sink.Publish(new KillSwitchEvent(_engineId, T0, new KillSwitchState(true, "drawdown", T0)));
        sink.Publish(new FillRecordedEvent(_engineId, T0, new Fill(1, "f1", "o1", "c1", "BTC-USDT-SWAP", OrderSide.Buy, 1m, 100m, 0.05m, false, T0)));
        sink.Publish(new EquitySnapshotEvent(_engineId, T0, 10_000m, 10_000m));

        _recorded.Sum("engine.signals", Engine, ("strategy", "momentum"), ("status", "active")).ShouldBe(1);
        _recorded.Sum("engine.signals", Engine, ("strategy", "momentum"), ("status", "rejected")).ShouldBe(1);
        _recorded.Values("engine.signals", Engine).Count.ShouldBe(2, "the free-text reason is never a label");
        _recorded.Sum("engine.kill_switch.firings", Engine).ShouldBe(1);
        _recorded.Sum("engine.fills", Engine, ("side", "buy")).ShouldBe(1);
        _inner.Events.Count.ShouldBe(5);
    }

    [Fact]
    public async Task OrderCallsAreCountedByActionAndResult()
    {
        var btc = new Instrument("BTC-USDT-SWAP", InstrumentKind.Swap, 0.1m, 0.01m, 0.01m, 0.01m);
        var clock = new FakeTimeProvider(T0);
        var paper = new PaperExchangeClient([btc], clock, new PaperExchangeOptions { StartingBalance = 10_000m });
        paper.SetMarkPrice(btc.Id, 50_000m);
        using var recorder = new ExchangeRecorder(_engineId, paper, clock, _ => { });

        (await recorder.PlaceOrderAsync(new OrderRequest("c1", btc.Id, OrderSide.Buy, OrderType.Market, 0.02m), Ct)).IsSuccess.ShouldBeTrue();
        (await recorder.PlaceOrderAsync(new OrderRequest("c2", "NOPE-USDT-SWAP", OrderSide.Buy, OrderType.Market, 0.02m), Ct)).IsSuccess.ShouldBeFalse();
        (await recorder.CancelOrderAsync(btc.Id, "no-such-order", Ct)).IsSuccess.ShouldBeFalse();

        _recorded.Sum("engine.order.requests", Engine, ("action", "place"), ("result", "filled")).ShouldBe(1);
        _recorded.Sum("engine.order.requests", Engine, ("action", "place"), ("result", "unknown_instrument")).ShouldBe(1);
        _recorded.Sum("engine.order.requests", Engine, ("action", "cancel"), ("result", "order_not_found")).ShouldBe(1);
    }

    [Fact]
    public void ACycleIsTimedByThePhaseItRanIn()
    {
        BotMetrics.RecordCycle(_engineId, TradingState.LevelBuilding, TimeSpan.FromMilliseconds(3));

        _recorded.Values("engine.cycle.duration.seconds", Engine, ("phase", "level_building")).ShouldBe([0.003]);
        _recorded.Sum("engine.cycles", Engine).ShouldBe(1);
    }

    [Theory]
    [InlineData(ExchangeErrorCode.InsufficientMargin, "insufficient_margin")]
    [InlineData(ExchangeErrorCode.None, "none")]
    public void EnumLabelsAreSnakeCase(ExchangeErrorCode code, string label) => MetricLabels.Of(code).ShouldBe(label);

    public void Dispose() => _recorded.Dispose();

    private sealed class RecordingSink : IEngineEventSink
    {
        public List<EngineEvent> Events { get; } = [];

        public void Publish(EngineEvent engineEvent) => Events.Add(engineEvent);
    }
}
