using BreakoutBot.Infrastructure.Backtests;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

public class LastLoadedTests
{
    [Fact]
    public async Task TheRunsOfASweepLoadTheSameDataOnceAndOtherDataOrAFailedLoadIsLoadedAgain()
    {
        var cache = new LastLoaded<int>();
        var loads = 0;
        Task<int> Load(int value) { loads++; return Task.FromResult(value); }

        var all = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => cache.GetAsync("set-1", () => Load(1))));
        var other = await cache.GetAsync("set-2", () => Load(2));
        await Should.ThrowAsync<IOException>(() => cache.GetAsync("set-3", () => Task.FromException<int>(new IOException("disk"))));
        var retried = await cache.GetAsync("set-3", () => Load(3));

        all.ShouldAllBe(v => v == 1);
        other.ShouldBe(2);
        retried.ShouldBe(3);
        loads.ShouldBe(3);
    }
}
