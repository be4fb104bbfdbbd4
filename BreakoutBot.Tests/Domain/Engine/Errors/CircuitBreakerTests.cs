using BreakoutBot.Domain.Engine.Errors;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Domain.Engine.Errors;

public class CircuitBreakerTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void OpensOnTheFifthFailure()
    {
        var breaker = new CircuitBreaker("scanner:scan", new FakeTimeProvider(Start));

        Fail(breaker, 4);
        breaker.State.ShouldBe(CircuitState.Closed);
        breaker.AllowsRequest.ShouldBeTrue();

        breaker.RecordFailure();
        breaker.State.ShouldBe(CircuitState.Open);
        breaker.AllowsRequest.ShouldBeFalse();
        breaker.OpenedAt.ShouldBe(Start);
    }

    [Fact]
    public void ASuccessWhileClosedForgivesOneFailure()
    {
        var breaker = new CircuitBreaker("scanner:scan", new FakeTimeProvider(Start));

        Fail(breaker, 4);
        breaker.RecordSuccess();
        breaker.FailureCount.ShouldBe(3);
        breaker.RecordFailure();
        breaker.State.ShouldBe(CircuitState.Closed);
        breaker.RecordFailure();
        breaker.State.ShouldBe(CircuitState.Open);
    }

    [Fact]
    public void TurnsHalfOpenOnTheFirstQueryAfterSixtySeconds()
    {
        var time = new FakeTimeProvider(Start);
        var breaker = new CircuitBreaker("scanner:scan", time);
        Fail(breaker, 5);

        time.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(1));
        breaker.State.ShouldBe(CircuitState.Open);
        time.Advance(TimeSpan.FromMilliseconds(1));
        breaker.State.ShouldBe(CircuitState.HalfOpen);
        breaker.AllowsRequest.ShouldBeTrue();
    }

    [Fact]
    public void ClosesAfterThreeHalfOpenSuccesses()
    {
        var time = new FakeTimeProvider(Start);
        var breaker = new CircuitBreaker("scanner:scan", time);
        Fail(breaker, 5);
        time.Advance(TimeSpan.FromSeconds(60));

        breaker.RecordSuccess();
        breaker.RecordSuccess();
        breaker.State.ShouldBe(CircuitState.HalfOpen);
        breaker.RecordSuccess();

        breaker.State.ShouldBe(CircuitState.Closed);
        breaker.FailureCount.ShouldBe(0);
        Fail(breaker, 4);
        breaker.State.ShouldBe(CircuitState.Closed);
    }

    [Fact]
    public void AHalfOpenFailureReopensForAnotherFullPeriod()
    {
        var time = new FakeTimeProvider(Start);
        var breaker = new CircuitBreaker("scanner:scan", time);
        Fail(breaker, 5);
        time.Advance(TimeSpan.FromSeconds(60));
        breaker.RecordSuccess();

        breaker.RecordFailure();

        breaker.State.ShouldBe(CircuitState.Open);
        breaker.OpenedAt.ShouldBe(Start.AddSeconds(60));
        time.Advance(TimeSpan.FromSeconds(59));
        breaker.State.ShouldBe(CircuitState.Open);
        time.Advance(TimeSpan.FromSeconds(1));
        breaker.State.ShouldBe(CircuitState.HalfOpen);
    }

    [Fact]
    public void SuccessWhileOpenDoesNotShortenTheOpenPeriod()
    {
        var time = new FakeTimeProvider(Start);
        var breaker = new CircuitBreaker("scanner:scan", time);
        Fail(breaker, 5);

        Enumerable.Range(0, 5).ToList().ForEach(_ => breaker.RecordSuccess());

        breaker.State.ShouldBe(CircuitState.Open);
    }

    [Fact]
    public void ThresholdsAreConfigurable()
    {
        var time = new FakeTimeProvider(Start);
        var options = new CircuitBreakerOptions { FailureThreshold = 2, OpenDuration = TimeSpan.FromSeconds(10), SuccessThreshold = 1 };
        var breaker = new CircuitBreaker("okx:place_order", time, options);

        Fail(breaker, 2);
        breaker.State.ShouldBe(CircuitState.Open);
        time.Advance(TimeSpan.FromSeconds(10));
        breaker.RecordSuccess();
        breaker.State.ShouldBe(CircuitState.Closed);
    }

    [Theory]
    [InlineData(0, 60, 3, "FailureThreshold")]
    [InlineData(5, 0, 3, "OpenDuration")]
    [InlineData(5, 60, 0, "SuccessThreshold")]
    public void RejectsOptionsOutsideTheirRangeNamingTheField(int failures, int seconds, int successes, string field)
    {
        var options = new CircuitBreakerOptions { FailureThreshold = failures, OpenDuration = TimeSpan.FromSeconds(seconds), SuccessThreshold = successes };

        var ex = Should.Throw<ArgumentOutOfRangeException>(() => new CircuitBreaker("a:b", new FakeTimeProvider(Start), options));

        ex.ParamName.ShouldBe(field);
    }

    private static void Fail(CircuitBreaker breaker, int times)
    {
        for (var i = 0; i < times; i++)
        {
            breaker.RecordFailure();
        }
    }
}
