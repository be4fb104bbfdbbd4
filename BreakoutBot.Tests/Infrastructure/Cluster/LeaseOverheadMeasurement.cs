using System.Diagnostics;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport.Servers;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// A measurement, not a check (run with BREAKOUTBOT_MEASURE=1 and PostgreSQL installed): what renewing 50 leases costs a
/// node per pass, and what the per-order lease check costs, on a loopback PostgreSQL.
/// </summary>
public sealed class LeaseOverheadMeasurement(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RenewingFiftyLeasesAndCheckingOrders()
    {
        if (Environment.GetEnvironmentVariable("BREAKOUTBOT_MEASURE") != "1")
        {
            Assert.Skip("A measurement: set BREAKOUTBOT_MEASURE=1 to run it.");
        }
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        await using var database = await PersistenceTestDatabase.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:BreakoutBot"] = await server.CreateDatabaseAsync(Ct),
        });
        await using var node = await LeaseTestNode.StartAsync("a", database, Ct);
        for (var i = 0; i < 50; i++)
        {
            (await node.Leases.TryClaimNewAsync($"e{i}", Ct)).ShouldBeTrue();
        }
        await node.Leases.RenewPassAsync(Ct);

        const int passes = 40;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < passes; i++)
        {
            await node.Leases.RenewPassAsync(Ct);
        }
        var perPass = clock.Elapsed / passes;

        const int checks = 400;
        clock.Restart();
        for (var i = 0; i < checks; i++)
        {
            (await node.Fence.RefuseOrderAsync($"e{i % 50}", Ct)).ShouldBeNull();
        }
        var perCheck = clock.Elapsed / checks;

        node.Fence.HeldLeases().Count.ShouldBe(50);
        output.WriteLine($"Renewal pass (heartbeat + 50 conditional UPDATEs): {perPass.TotalMilliseconds:F1} ms, {perPass.TotalMilliseconds / 50:F2} ms per lease; " +
            $"every 5 s that is {perPass.TotalMilliseconds / 5000 * 100:F2} % of one core's time at most (mostly waiting on the database).");
        output.WriteLine($"Per-order lease check (one indexed SELECT): {perCheck.TotalMilliseconds:F2} ms.");
    }
}
