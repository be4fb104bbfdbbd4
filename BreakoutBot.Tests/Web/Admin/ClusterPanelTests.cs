using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Admin.Components;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Web.Admin;

/// <summary>The cluster panel of /admin/health: nodes, the engines each holds, lease ages, and engines no node holds.</summary>
public sealed class ClusterPanelTests : BunitTest
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task<PersistenceTestDatabase> DatabaseAsync(bool enabled)
    {
        var database = await PersistenceTestDatabase.CreateAsync();
        var options = Options.Create(new ClusterOptions { Enabled = enabled, NodeId = "node-a", LeaseDuration = TimeSpan.FromSeconds(15) });
        Services.AddSingleton(new ClusterStatusQueries(database.Contexts, options, database.Time));
        return database;
    }

    [Fact]
    public async Task EachNodeShowsItsEnginesWithLeaseAgesAndAnExpiredLeaseIsListedAsHeldByNoNode()
    {
        await using var database = await DatabaseAsync(enabled: true);
        var now = database.Time.GetUtcNow();
        await using (var db = await database.OpenAsync())
        {
            db.Engines.AddRange(
                new EngineInstanceEntity { Id = "e1", Name = "Alpha", PresetName = "breakout_v1", CreatedAt = now },
                new EngineInstanceEntity { Id = "e2", Name = "Beta", PresetName = "breakout_v1", CreatedAt = now });
            db.ClusterNodes.AddRange(
                new ClusterNodeEntity { NodeId = "node-a", StartedAt = now.AddMinutes(-5), LastHeartbeatAt = now.AddSeconds(-2) },
                new ClusterNodeEntity { NodeId = "node-b", StartedAt = now.AddMinutes(-5), LastHeartbeatAt = now.AddSeconds(-40) });
            db.EngineLeases.AddRange(
                new EngineLeaseEntity { EngineId = "e1", OwnerNode = "node-a", Token = 3, AcquiredAt = now.AddMinutes(-1), RenewedAt = now.AddSeconds(-4), ExpiresAt = now.AddSeconds(11) },
                new EngineLeaseEntity { EngineId = "e2", OwnerNode = "node-b", Token = 7, AcquiredAt = now.AddMinutes(-2), RenewedAt = now.AddSeconds(-40), ExpiresAt = now.AddSeconds(-25) });
            await db.SaveChangesAsync(Ct);
        }

        var panel = Render<ClusterPanel>();

        panel.WaitForAssertion(() => panel.Find("#cluster-nodes"));
        var a = panel.Find("tr[data-node='node-a']");
        a.GetAttribute("data-live").ShouldBe("true");
        a.TextContent.ShouldContain("(this node)");
        a.QuerySelector("[data-engine='e1']")!.TextContent.ShouldBe("Alpha · token 3 · renewed 4.0 s ago · expires in 11.0 s");
        var b = panel.Find("tr[data-node='node-b']");
        b.GetAttribute("data-live").ShouldBe("false", "its heartbeat is older than one lease");
        b.QuerySelectorAll("[data-engine]").ShouldBeEmpty("its lease on Beta has expired");
        panel.Find("#cluster-unowned").TextContent.ShouldContain("Beta (last node-b, token 7)");
        panel.Find("#cluster-summary").TextContent.ShouldContain("1 live of 2 known nodes");
    }

    [Fact]
    public async Task ASingleNodeSaysEveryEngineRunsHere()
    {
        await using var database = await DatabaseAsync(enabled: false);

        var panel = Render<ClusterPanel>();

        panel.WaitForAssertion(() => panel.Find("#cluster-single").TextContent.ShouldContain("every engine runs on this node, node-a"));
        panel.FindAll("#cluster-nodes").ShouldBeEmpty();
    }
}
