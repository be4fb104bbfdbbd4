using BreakoutBot.Infrastructure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Identity;

public sealed class LogInThrottleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly LogInThrottle _throttle;

    public LogInThrottleTests() => _throttle = new LogInThrottle(Options.Create(new LogInThrottleOptions()), _clock);

    [Fact]
    public void AfterFiveFailuresForAnAccountEachFurtherFailureDoublesTheWaitUpToThirtySeconds()
    {
        var waits = new List<double>();
        for (var i = 0; i < 12; i++)
        {
            _throttle.RecordFailure("Owner@Test.Local", "10.0.0." + i); // a new address each time: only the account counts
            waits.Add(_throttle.WaitBefore("owner@test.local", "10.9.9.9").TotalSeconds);
        }

        waits.ShouldBe([0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30]);
    }

    [Fact]
    public void TheWaitRunsOutWithTimeAndASuccessClearsTheAccountButNotTheAddress()
    {
        for (var i = 0; i < 10; i++)
        {
            _throttle.RecordFailure("guessed" + i + "@test.local", "10.0.0.1");
        }

        _throttle.WaitBefore("other@test.local", "10.0.0.1").ShouldBe(TimeSpan.FromSeconds(1), "ten failures from one address");
        _throttle.WaitBefore("other@test.local", "10.0.0.2").ShouldBe(TimeSpan.Zero);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _throttle.WaitBefore("other@test.local", "10.0.0.1").ShouldBe(TimeSpan.Zero);

        _throttle.RecordSuccess("guessed0@test.local");
        _throttle.RecordFailure("guessed0@test.local", "10.0.0.1");
        _throttle.WaitBefore("guessed0@test.local", "10.0.0.3").ShouldBe(TimeSpan.Zero);
        _throttle.WaitBefore("guessed0@test.local", "10.0.0.1").ShouldBe(TimeSpan.FromSeconds(2), "the address keeps its eleven failures");
    }

    [Fact]
    public void FailuresAreForgottenFifteenMinutesAfterTheLastOne()
    {
        for (var i = 0; i < 8; i++)
        {
            _throttle.RecordFailure("forget@test.local", "10.0.0.1");
        }

        _clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        _throttle.RecordFailure("forget@test.local", "10.0.0.1");

        _throttle.WaitBefore("forget@test.local", "10.0.0.1").ShouldBe(TimeSpan.Zero);
    }
}
