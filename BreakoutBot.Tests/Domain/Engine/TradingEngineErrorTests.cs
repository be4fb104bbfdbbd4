using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Engine.Errors;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Engine;

public class TradingEngineErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> TransientFaults() => ["timeout", "transient"];

    private static Exception Make(string kind) => kind == "timeout"
        ? new TimeoutException("balance request timed out")
        : new TransientException("exchange busy", TimeSpan.FromSeconds(2));

    private static async Task<EngineBuilder> Running(ErrorHandlerOptions? options = null)
    {
        var b = new EngineBuilder(errorOptions: options);
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.StepAsync();
        b.Engine.State.ShouldBe(TradingState.Scanning);
        return b;
    }

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task ATransientBalanceFailureIsRetriedWithBackOffInTheSameStateAndTradingContinues(string kind)
    {
        using var b = await Running();
        b.Exchange.FailBalance(3, () => Make(kind));

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var r = await b.Engine.RunCycleAsync(Ct);
            r.State.ShouldBe(TradingState.Scanning, $"failure {i + 1} of 3 must not leave the state");
            delays.Add(r.SuggestedDelay);
        }
        b.Engine.Status.LastError!.ShouldContain(Make(kind).Message);
        b.Errors.RetryCountOf("engine", "scanning").ShouldBe(3);
        delays[1].ShouldBeGreaterThan(delays[0] * 0.99);
        delays.ShouldAllBe(d => d >= TimeSpan.FromSeconds(0.9));

        var ok = await b.Engine.RunCycleAsync(Ct);
        await b.StepAsync(5, null);

        ok.Ran.ShouldBeTrue();
        b.Exchange.BalanceFailures.ShouldBe(3);
        b.Errors.RetryCountOf("engine", "scanning").ShouldBe(0, "a success clears the retry budget");
        b.Engine.State.IsTradingActive().ShouldBeTrue();
    }

    [Fact]
    public async Task AFourthConsecutiveFailureExhaustsTheRetriesAndMovesToError()
    {
        using var b = await Running();
        b.Exchange.FailBalance(4, () => new TimeoutException("timed out"));

        for (var i = 0; i < 3; i++)
        {
            (await b.Engine.RunCycleAsync(Ct)).State.ShouldBe(TradingState.Scanning);
        }
        var r = await b.Engine.RunCycleAsync(Ct);

        r.State.ShouldBe(TradingState.Error);
        b.Engine.StateMachine.History(1).Single().Reason.ShouldContain("timed out");
    }

    [Fact]
    public async Task FiveConsecutiveFailuresOpenTheCircuitAndTheEngineGoesToError()
    {
        using var b = await Running(new ErrorHandlerOptions { MaxRetries = 50 });
        b.Exchange.FailBalance(int.MaxValue, () => new TransientException("busy"));

        for (var i = 0; i < 4; i++)
        {
            (await b.Engine.RunCycleAsync(Ct)).State.ShouldBe(TradingState.Scanning);
            b.Errors.IsCircuitOpen("engine", "scanning").ShouldBeFalse();
        }
        var r = await b.Engine.RunCycleAsync(Ct);

        r.State.ShouldBe(TradingState.Error);
        b.Errors.IsCircuitOpen("engine", "scanning").ShouldBeTrue();
        b.Engine.Status.State.ShouldBe(TradingState.Error);
        b.Engine.Status.LastError!.ShouldContain("busy");
    }

    [Fact]
    public async Task AfterTheRecoveryDelayTheEngineReturnsToScanningOnItsOwn()
    {
        using var b = await Running(new ErrorHandlerOptions { MaxRetries = 50 });
        b.Exchange.FailBalance(5, () => new TransientException("busy"));
        for (var i = 0; i < 5; i++)
        {
            await b.Engine.RunCycleAsync(Ct);
        }
        b.Engine.State.ShouldBe(TradingState.Error);

        b.Clock.Advance(TimeSpan.FromSeconds(10));
        var waiting = await b.Engine.RunCycleAsync(Ct);
        waiting.State.ShouldBe(TradingState.Error, "recovery waits for the delay");
        waiting.SuggestedDelay.ShouldBe(TimeSpan.FromSeconds(20));

        b.Clock.Advance(TimeSpan.FromSeconds(21));
        var back = await b.Engine.RunCycleAsync(Ct);

        back.State.ShouldBe(TradingState.Scanning);
        b.Engine.StateMachine.History(1).Single().Reason.ShouldBe("automatic recovery");
        await b.StepAsync(3, null);
        b.Engine.State.IsTradingActive().ShouldBeTrue();
    }

    [Fact]
    public async Task RecoveryWithAnOpenPositionGoesToManagingAndTheStopStaysOnTheExchange()
    {
        using var b = await Running(new ErrorHandlerOptions { MaxRetries = 50 });
        var p = await b.OpenPositionAsync(1, PositionSide.Long, 2_000m, 0.05m);
        b.Exchange.FailBalance(5, () => new TimeoutException("timed out"));
        for (var i = 0; i < 5; i++)
        {
            b.Clock.Advance(TimeSpan.FromSeconds(1));
            await b.Engine.RunCycleAsync(Ct);
        }
        b.Engine.State.ShouldBe(TradingState.Error);
        (await b.Paper.GetOpenOrdersAsync(Ct)).ShouldContain(o => o.Type == OrderType.StopMarket && o.InstrumentId == p.InstrumentId);

        b.Clock.Advance(TimeSpan.FromSeconds(31));
        var r = await b.Engine.RunCycleAsync(Ct);

        r.State.ShouldBe(TradingState.Managing);
        p.IsOpen.ShouldBeTrue();
    }

    [Fact]
    public async Task ACriticalErrorGoesStraightToEmergencyAndKeepsPositionsProtected()
    {
        using var b = await Running();
        var p = await b.OpenPositionAsync(1, PositionSide.Long, 2_000m, 0.05m);
        b.Exchange.FailBalance(1, () => new UnauthorizedAccessException("API key revoked"));

        b.Clock.Advance(TimeSpan.FromSeconds(1));
        var r = await b.Engine.RunCycleAsync(Ct);

        r.State.ShouldBe(TradingState.Emergency);
        b.Engine.StateMachine.History(1).Single().Reason.ShouldContain("API key revoked");
        b.Engine.Status.LastError!.ShouldContain("API key revoked");
        p.IsOpen.ShouldBeTrue();
        (await b.Paper.GetOpenOrdersAsync(Ct)).ShouldContain(o => o.Type == OrderType.StopMarket && o.InstrumentId == p.InstrumentId);
    }

    [Fact]
    public async Task ErrorEventsArePublishedWithTheDecision()
    {
        using var b = await Running();
        var errors = new List<EngineErrorEvent>();
        using var _ = b.Engine.Subscribe(e =>
        {
            if (e is EngineErrorEvent err)
            {
                errors.Add(err);
            }
        });
        b.Exchange.FailBalance(1, () => new TimeoutException("timed out"));

        await b.Engine.RunCycleAsync(Ct);

        var d = errors.ShouldHaveSingleItem().Decision;
        d.Key.ShouldBe("engine:scanning");
        d.ShouldRetry.ShouldBeTrue();
        d.Category.ShouldBe(ErrorCategory.Network);
    }

    [Fact]
    public async Task TransientOrderRejectsAreRetriedAndTheEntryIsSentOnce()
    {
        using var b = await Running();
        b.Exchange.FailOrders(1, ExchangeErrorCode.RateLimited);

        var p = await b.OpenPositionAsync(2, PositionSide.Long, 1_000m, 0.05m);

        var orders = (await b.Paper.GetFillsAsync(0, Ct)).Where(f => f.InstrumentId == p.InstrumentId).Select(f => f.ClientOrderId).Distinct().ToList();
        orders.ShouldHaveSingleItem("one entry reached the exchange despite the retry");
        p.EntryQuantity.ShouldBe(p.PlannedQuantity);
    }
}
