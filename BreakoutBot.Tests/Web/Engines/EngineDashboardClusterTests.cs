using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Engines;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Web.Engines;

/// <summary>In a cluster, the dashboard of an engine that runs on another node says where it runs, to those who may see it.</summary>
public sealed class EngineDashboardClusterTests : BunitTest
{
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());

    private async Task<PersistenceTestDatabase> ClusterWithAliceEngineOnNodeBAsync()
    {
        AddEngineServices(_registry);
        var database = await PersistenceTestDatabase.CreateAsync();
        var now = database.Time.GetUtcNow();
        await using (var db = await database.OpenAsync())
        {
            db.Engines.Add(new EngineInstanceEntity { Id = "remote1", OwnerUserId = "alice", Name = "Alice's far engine", PresetName = "breakout_v1", CreatedAt = now });
            db.EngineLeases.Add(new EngineLeaseEntity { EngineId = "remote1", OwnerNode = "node-b", Token = 2, AcquiredAt = now, RenewedAt = now, ExpiresAt = now.AddSeconds(10) });
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }
        Services.AddSingleton(new ClusterStatusQueries(database.Contexts, Options.Create(new ClusterOptions { Enabled = true, NodeId = "node-a" }), database.Time));
        return database;
    }

    [Fact]
    public async Task ItsOwnerIsToldWhichNodeRunsIt()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        SignIn("alice", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#engine-elsewhere").TextContent.ShouldContain("'Alice's far engine' runs on node node-b"));
        page.FindAll("#engine-missing").ShouldBeEmpty();
    }

    [Fact]
    public async Task AnotherTraderLearnsNothingAboutIt()
    {
        await using var database = await ClusterWithAliceEngineOnNodeBAsync();
        SignIn("bob", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, "remote1"));

        page.WaitForAssertion(() => page.Find("#engine-missing"));
        page.FindAll("#engine-elsewhere").ShouldBeEmpty();
        page.Markup.ShouldNotContain("node-b");
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _registry.Dispose();
    }
}
