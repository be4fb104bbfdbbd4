using BreakoutBot.Infrastructure.Cluster;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>How engines are spread over the live nodes (ADR-020): at most ⌈engines ÷ nodes⌉ each, excess given back one at a time.</summary>
public sealed class LeaseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static EngineLeaseEntity Held(string engine, string node, long token = 1) =>
        new() { EngineId = engine, OwnerNode = node, Token = token, ExpiresAt = Now.AddSeconds(10) };

    private static EngineLeaseEntity Expired(string engine, string node, long token) =>
        new() { EngineId = engine, OwnerNode = node, Token = token, ExpiresAt = Now.AddSeconds(-1) };

    [Theory]
    [InlineData(0, 2, 0)]
    [InlineData(5, 1, 5)]
    [InlineData(5, 2, 3)]
    [InlineData(4, 2, 2)]
    [InlineData(50, 3, 17)]
    public void AShareIsTheCeilingOfEnginesOverLiveNodes(int engines, int nodes, int share) =>
        LeaseRules.Share(engines, nodes).ShouldBe(share);

    [Fact]
    public void ANodeTakesFreeAndExpiredEnginesUpToItsShareOnly()
    {
        var view = new ClusterView(Now, ["a", "b"], ["e1", "e2", "e3", "e4"], [Held("e1", "b"), Expired("e2", "a", 7)]);

        var take = LeaseRules.ToAcquire(view, "a", held: 0);

        // Share 2: the expired e2 (seen with token 7, so the takeover bumps it to 8) and the never-leased e3.
        take.ShouldBe([("e2", 7L), ("e3", (long?)null)]);
        LeaseRules.ToAcquire(view, "a", held: 2).ShouldBeEmpty();
    }

    [Fact]
    public void ANodeAboveItsShareGivesOneBackOnlyWhileAnotherLiveNodeIsShort()
    {
        var engines = new[] { "e1", "e2", "e3", "e4" };
        var allOnA = new ClusterView(Now, ["a", "b"], engines, engines.Select(e => Held(e, "a")).ToList());

        LeaseRules.ToRelease(allOnA, "a", engines).ShouldBe("e4", "the newest engine moves to the joining node");

        var balanced = new ClusterView(Now, ["a", "b"], engines, [Held("e1", "a"), Held("e2", "a"), Held("e3", "b"), Held("e4", "b")]);
        LeaseRules.ToRelease(balanced, "a", ["e1", "e2"]).ShouldBeNull();

        var alone = new ClusterView(Now, ["a"], engines, engines.Select(e => Held(e, "a")).ToList());
        LeaseRules.ToRelease(alone, "a", engines).ShouldBeNull("a node alone keeps every engine");
    }

    [Fact]
    public void AJoiningNodeEndsWithItsShareAfterPassesOfBothNodes()
    {
        var engines = Enumerable.Range(1, 5).Select(i => $"e{i}").ToList();
        var leases = engines.ToDictionary(e => e, e => Held(e, "a"));
        for (var pass = 0; pass < 10; pass++)
        {
            foreach (var node in new[] { "a", "b" })
            {
                var view = new ClusterView(Now, ["a", "b"], engines, leases.Values.ToList());
                var mine = leases.Values.Where(l => l.OwnerNode == node && l.ExpiresAt >= Now).Select(l => l.EngineId).ToList();
                if (LeaseRules.ToRelease(view, node, mine) is { } give)
                {
                    leases[give] = Expired(give, node, leases[give].Token);
                    continue;
                }
                foreach (var (engine, seen) in LeaseRules.ToAcquire(view, node, mine.Count))
                {
                    leases[engine] = Held(engine, node, (seen ?? 0) + 1);
                }
            }
        }

        leases.Values.Count(l => l.OwnerNode == "a").ShouldBe(3);
        leases.Values.Count(l => l.OwnerNode == "b").ShouldBe(2);
        leases.Values.Where(l => l.OwnerNode == "b").ShouldAllBe(l => l.Token == 2, "each moved engine got the next token");
    }
}
