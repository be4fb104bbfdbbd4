using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Rest;

public sealed class OkxRetryPolicyTests
{
    [Fact]
    public void DelaysDoubleWithJitterOfAtMostHalf()
    {
        var low = new OkxRetryPolicy(TimeSpan.FromMilliseconds(100), () => 0d);
        var high = new OkxRetryPolicy(TimeSpan.FromMilliseconds(100), () => 0.999999d);

        low.DelayFor(0).ShouldBe(TimeSpan.FromMilliseconds(100));
        low.DelayFor(1).ShouldBe(TimeSpan.FromMilliseconds(200));
        low.DelayFor(3).ShouldBe(TimeSpan.FromMilliseconds(800));
        high.DelayFor(1).TotalMilliseconds.ShouldBe(300, 0.01);
        high.DelayFor(1).ShouldBeGreaterThan(low.DelayFor(1));
    }

    [Fact]
    public void DelaysAreCapped()
    {
        new OkxRetryPolicy(TimeSpan.FromSeconds(1), () => 0.5).DelayFor(20).ShouldBe(OkxRetryPolicy.MaxDelay);
    }

    [Fact]
    public void ZeroBaseMeansNoWait()
    {
        new OkxRetryPolicy(TimeSpan.Zero).DelayFor(5).ShouldBe(TimeSpan.Zero);
    }
}
