using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Engine.Errors;
using Microsoft.Extensions.Time.Testing;

#pragma warning disable CA2201 // The handler must handle plain Exception and runtime-reserved OutOfMemoryException.

namespace BreakoutBot.Tests.Domain.Engine.Errors;

public class ErrorHandlerTests
{
    private const string Component = "exchange";
    private const string Operation = "place_order";

    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void RetryCounterIncrementsAndDelaysDoubleWithinTheJitterBounds()
    {
        var options = new ErrorHandlerOptions
        {
            MaxRetries = 5,
            BaseDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(60),
            Jitter = 0.2,
            CircuitBreaker = new CircuitBreakerOptions { FailureThreshold = 10 },
        };
        var handler = new ErrorHandler(new FakeTimeProvider(Start), options, new Random(7));

        for (var retry = 0; retry < 5; retry++)
        {
            var decision = handler.Handle(Component, Operation, new TransientException("busy"));

            decision.ShouldRetry.ShouldBeTrue();
            decision.NextState.ShouldBeNull();
            decision.RetryCount.ShouldBe(retry + 1);
            var nominal = Math.Pow(2, retry);
            decision.Delay.TotalSeconds.ShouldBeInRange(nominal * 0.8, nominal * 1.2);
            handler.RetryCountOf(Component, Operation).ShouldBe(retry + 1);
        }
    }

    [Fact]
    public void DelayFollowsTheFormulaAtBothJitterExtremesAndIsCapped()
    {
        var options = new ErrorHandlerOptions { MaxRetries = 4, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(3), Jitter = 0.5 };
        var low = new ErrorHandler(new FakeTimeProvider(Start), options, new FixedRandom(0.0));
        var high = new ErrorHandler(new FakeTimeProvider(Start), options, new FixedRandom(1.0));

        var lowDelays = Enumerable.Range(0, 4).Select(_ => low.Handle(Component, Operation, new TimeoutException()).Delay.TotalSeconds).ToArray();
        var highDelays = Enumerable.Range(0, 4).Select(_ => high.Handle(Component, Operation, new TimeoutException()).Delay.TotalSeconds).ToArray();

        // min(1·2^n, 3) · (1 ∓ 0.5)
        lowDelays.ShouldBe([0.5, 1.0, 1.5, 1.5]);
        highDelays.ShouldBe([1.5, 3.0, 4.5, 4.5]);
    }

    [Fact]
    public void TheSameSeedGivesTheSameDelays()
    {
        var first = new ErrorHandler(new FakeTimeProvider(Start), random: new Random(42));
        var second = new ErrorHandler(new FakeTimeProvider(Start), random: new Random(42));

        var a = Enumerable.Range(0, 3).Select(_ => first.Handle(Component, Operation, new TimeoutException()).Delay).ToArray();
        var b = Enumerable.Range(0, 3).Select(_ => second.Handle(Component, Operation, new TimeoutException()).Delay).ToArray();

        a.ShouldBe(b);
    }

    [Fact]
    public void RetryAfterFromTheRemoteSideIsTheMinimumDelay()
    {
        var handler = new ErrorHandler(new FakeTimeProvider(Start), random: new Random(1));

        var decision = handler.Handle(Component, Operation, new TransientException("rate limited", TimeSpan.FromSeconds(7)));

        decision.Delay.ShouldBe(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public void AfterMaxRetriesTheNextStateIsError()
    {
        var handler = new ErrorHandler(new FakeTimeProvider(Start), random: new Random(1));
        for (var i = 0; i < 3; i++)
        {
            handler.Handle(Component, Operation, new TimeoutException()).ShouldRetry.ShouldBeTrue();
        }

        var exhausted = handler.Handle(Component, Operation, new TimeoutException());

        exhausted.ShouldRetry.ShouldBeFalse();
        exhausted.NextState.ShouldBe(TradingState.Error);
        exhausted.RetryCount.ShouldBe(3);
        exhausted.CircuitOpen.ShouldBeFalse();
        exhausted.Delay.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void RetryCountersAreKeptPerComponentAndOperation()
    {
        var handler = new ErrorHandler(new FakeTimeProvider(Start), random: new Random(1));

        handler.Handle(Component, Operation, new TimeoutException());
        handler.Handle(Component, Operation, new TimeoutException());
        var other = handler.Handle(Component, "cancel_order", new TimeoutException());

        other.RetryCount.ShouldBe(1);
        other.Key.ShouldBe("exchange:cancel_order");
        handler.RetryCountOf(Component, Operation).ShouldBe(2);
    }

    [Fact]
    public void CriticalErrorsAskForEmergency()
    {
        var handler = new ErrorHandler(new FakeTimeProvider(Start));

        var decision = handler.Handle("engine", "cycle", new OutOfMemoryException());

        decision.Severity.ShouldBe(ErrorSeverity.Critical);
        decision.Strategy.ShouldBe(RecoveryStrategy.Emergency);
        decision.ShouldRetry.ShouldBeFalse();
        decision.NextState.ShouldBe(TradingState.Emergency);
    }

    [Fact]
    public void PermissionMessagesAskForEmergency()
    {
        var handler = new ErrorHandler(new FakeTimeProvider(Start));

        handler.Handle("engine", "cycle", new Exception("Permission denied")).NextState.ShouldBe(TradingState.Emergency);
    }

    [Fact]
    public void DomainErrorsRestartTheCycleAndDataErrorsAreSkipped()
    {
        var handler = new ErrorHandler(new FakeTimeProvider(Start));

        var reset = handler.Handle("engine", "cycle", new DomainException("negative size"));
        var skip = handler.Handle("scanner", "parse", new FormatException("bad candle"));

        reset.Strategy.ShouldBe(RecoveryStrategy.Reset);
        reset.NextState.ShouldBe(TradingState.Scanning);
        reset.ShouldRetry.ShouldBeFalse();
        skip.Strategy.ShouldBe(RecoveryStrategy.Skip);
        skip.NextState.ShouldBeNull();
        skip.ShouldRetry.ShouldBeFalse();
    }

    [Fact]
    public void RecordSuccessResetsTheRetryCounter()
    {
        var options = new ErrorHandlerOptions { Jitter = 0 };
        var handler = new ErrorHandler(new FakeTimeProvider(Start), options);
        handler.Handle(Component, Operation, new TimeoutException());
        handler.Handle(Component, Operation, new TimeoutException()).Delay.ShouldBe(TimeSpan.FromSeconds(2));

        handler.RecordSuccess(Component, Operation);
        var next = handler.Handle(Component, Operation, new TimeoutException());

        handler.RetryCountOf(Component, Operation).ShouldBe(1);
        next.RetryCount.ShouldBe(1);
        next.Delay.ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void CircuitOpensAfterFiveFailuresHalfOpensAfterSixtySecondsAndClosesAfterThreeSuccesses()
    {
        var time = new FakeTimeProvider(Start);
        var handler = new ErrorHandler(time, new ErrorHandlerOptions { MaxRetries = 10 });

        for (var i = 0; i < 4; i++)
        {
            handler.Handle(Component, Operation, new TimeoutException()).CircuitOpen.ShouldBeFalse();
        }
        handler.IsCircuitOpen(Component, Operation).ShouldBeFalse();
        var fifth = handler.Handle(Component, Operation, new TimeoutException());

        fifth.CircuitOpen.ShouldBeTrue();
        fifth.ShouldRetry.ShouldBeFalse();
        fifth.NextState.ShouldBe(TradingState.Error);
        handler.IsCircuitOpen(Component, Operation).ShouldBeTrue();
        handler.Statistics.OpenCircuits.ShouldBe(["exchange:place_order"]);

        time.Advance(TimeSpan.FromSeconds(60));
        handler.IsCircuitOpen(Component, Operation).ShouldBeFalse();
        handler.CircuitStateOf(Component, Operation).ShouldBe(CircuitState.HalfOpen);

        handler.RecordSuccess(Component, Operation);
        handler.RecordSuccess(Component, Operation);
        handler.CircuitStateOf(Component, Operation).ShouldBe(CircuitState.HalfOpen);
        handler.RecordSuccess(Component, Operation);
        handler.CircuitStateOf(Component, Operation).ShouldBe(CircuitState.Closed);
        handler.Statistics.OpenCircuits.ShouldBeEmpty();
    }

    [Fact]
    public void AFailureWhileHalfOpenReopensTheCircuit()
    {
        var time = new FakeTimeProvider(Start);
        var handler = new ErrorHandler(time, new ErrorHandlerOptions { MaxRetries = 10 });
        for (var i = 0; i < 5; i++)
        {
            handler.Handle(Component, Operation, new TimeoutException());
        }
        time.Advance(TimeSpan.FromSeconds(60));
        handler.CircuitStateOf(Component, Operation).ShouldBe(CircuitState.HalfOpen);

        var decision = handler.Handle(Component, Operation, new TimeoutException());

        decision.CircuitOpen.ShouldBeTrue();
        decision.NextState.ShouldBe(TradingState.Error);
        handler.IsCircuitOpen(Component, Operation).ShouldBeTrue();
    }

    [Fact]
    public void RecentErrorsKeepTheNewestAndStatisticsCountByCategory()
    {
        var time = new FakeTimeProvider(Start);
        var handler = new ErrorHandler(time, new ErrorHandlerOptions { HistorySize = 10, MaxRetries = 100 });
        for (var i = 0; i < 15; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            handler.Handle("scanner", "scan", new FormatException("bad " + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        handler.Handle(Component, Operation, new TimeoutException("slow"));

        var recent = handler.RecentErrors;
        recent.Count.ShouldBe(10);
        recent[0].Message.ShouldBe("bad 6");
        recent[^1].Message.ShouldBe("slow");
        recent[^1].Time.ShouldBe(Start.AddSeconds(15));
        recent[^1].ExceptionType.ShouldBe(nameof(TimeoutException));
        var stats = handler.Statistics;
        stats.TotalErrors.ShouldBe(16);
        stats.ErrorsByCategory[ErrorCategory.Data].ShouldBe(15);
        stats.ErrorsByCategory[ErrorCategory.Network].ShouldBe(1);
        stats.RecentErrorCount.ShouldBe(10);
        stats.OpenCircuits.ShouldBe(["scanner:scan"]);
        stats.Circuits["exchange:place_order"].ShouldBe(CircuitState.Closed);
    }

    [Fact]
    public async Task ExecuteWithRetrySucceedsAfterTwoTransientFailures()
    {
        var handler = new ErrorHandler(new FakeTimeProvider(Start), new ErrorHandlerOptions { BaseDelay = TimeSpan.Zero });
        var attempts = 0;

        var result = await handler.ExecuteWithRetryAsync(Component, Operation, _ =>
        {
            attempts++;
            return attempts <= 2 ? Task.FromException<int>(new TransientException("busy")) : Task.FromResult(42);
        }, TestContext.Current.CancellationToken);

        result.ShouldBe(42);
        attempts.ShouldBe(3);
        handler.RetryCountOf(Component, Operation).ShouldBe(0);
        handler.RecentErrors.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ExecuteWithRetryWaitsTheBackOffOnTheInjectedClock()
    {
        var time = new FakeTimeProvider(Start);
        var handler = new ErrorHandler(time, new ErrorHandlerOptions { Jitter = 0 });
        var attempts = 0;
        var attempted = new SemaphoreSlim(0);

        var task = handler.ExecuteWithRetryAsync(Component, Operation, _ =>
        {
            attempts++;
            attempted.Release();
            return attempts <= 2 ? Task.FromException<string>(new TimeoutException()) : Task.FromResult("filled");
        }, TestContext.Current.CancellationToken);

        await WaitForAttempt(attempted);
        time.Advance(TimeSpan.FromMilliseconds(999));
        attempts.ShouldBe(1);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForAttempt(attempted);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        attempts.ShouldBe(2);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForAttempt(attempted);

        (await task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).ShouldBe("filled");
        attempts.ShouldBe(3);
    }

    [Fact]
    public async Task ExecuteWithRetryGivesUpAfterMaxRetriesWithTheLastFailure()
    {
        var handler = new ErrorHandler(new FakeTimeProvider(Start), new ErrorHandlerOptions { BaseDelay = TimeSpan.Zero, MaxRetries = 3 });
        var attempts = 0;
        TransientException? last = null;

        var thrown = await Should.ThrowAsync<TransientException>(() => handler.ExecuteWithRetryAsync<int>(Component, Operation, _ =>
        {
            attempts++;
            last = new TransientException("busy " + attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw last;
        }, TestContext.Current.CancellationToken));

        attempts.ShouldBe(4);
        thrown.ShouldBeSameAs(last);
        handler.RecentErrors.Count.ShouldBe(4);
    }

    [Fact]
    public async Task ExecuteWithRetryRethrowsNonRetryableFailuresAtOnce()
    {
        var handler = new ErrorHandler(new FakeTimeProvider(Start), new ErrorHandlerOptions { BaseDelay = TimeSpan.Zero });
        var attempts = 0;

        await Should.ThrowAsync<FormatException>(() => handler.ExecuteWithRetryAsync(Component, Operation, _ =>
        {
            attempts++;
            throw new FormatException("bad payload");
        }, TestContext.Current.CancellationToken));

        attempts.ShouldBe(1);
    }

    [Fact]
    public async Task ExecuteWithRetryStopsWhenTheCallerCancelsWithoutRecordingAnError()
    {
        var time = new FakeTimeProvider(Start);
        var handler = new ErrorHandler(time);
        using var cts = new CancellationTokenSource();

        var task = handler.ExecuteWithRetryAsync(Component, Operation, ct =>
        {
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
            return Task.FromResult(1);
        }, cts.Token);

        await Should.ThrowAsync<OperationCanceledException>(() => task);
        handler.RecentErrors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(-1, 1, 60, 0.1, "MaxRetries")]
    [InlineData(3, -1, 60, 0.1, "BaseDelay")]
    [InlineData(3, 10, 5, 0.1, "MaxDelay")]
    [InlineData(3, 1, 60, 1.5, "Jitter")]
    public void RejectsBadOptionsNamingTheField(int maxRetries, int baseSeconds, int maxSeconds, double jitter, string field)
    {
        var options = new ErrorHandlerOptions
        {
            MaxRetries = maxRetries,
            BaseDelay = TimeSpan.FromSeconds(baseSeconds),
            MaxDelay = TimeSpan.FromSeconds(maxSeconds),
            Jitter = jitter,
        };

        Should.Throw<ArgumentOutOfRangeException>(() => new ErrorHandler(new FakeTimeProvider(Start), options)).ParamName.ShouldBe(field);
    }

    private static async Task WaitForAttempt(SemaphoreSlim attempted) =>
        (await attempted.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).ShouldBeTrue("the next attempt did not happen");

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
