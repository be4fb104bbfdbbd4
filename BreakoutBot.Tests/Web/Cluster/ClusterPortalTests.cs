using System.Security.Claims;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Scheduling;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Servers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace BreakoutBot.Tests.Web.Cluster;

/// <summary>
/// Two whole portals in cluster mode on one real PostgreSQL database: a log-in cookie issued by one is accepted by the
/// other (shared key ring), both join the clustered scheduler, and engine cycles stay on the node's in-memory
/// scheduler, never in the shared Quartz tables. Skipped when PostgreSQL is not installed.
/// </summary>
public sealed class ClusterPortalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoPortalsShareCookiesAndTheClusterSchedulerButKeepEngineCyclesLocal()
    {
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        var connectionString = await server.CreateDatabaseAsync(Ct);
        var data = Path.Combine(Path.GetTempPath(), "breakoutbot-tests", Guid.NewGuid().ToString("N"));
        await using var a = Portal(connectionString, "node-a", Path.Combine(data, "a"));
        _ = a.Server; // the first node migrates the database
        await using var b = Portal(connectionString, "node-b", Path.Combine(data, "b"));
        _ = b.Server;

        // A log-in cookie of node A (the Identity application cookie's protected ticket) is read by node B.
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, PortalOptions.AdminEmail), new Claim(ClaimTypes.NameIdentifier, "user-1")],
            IdentityConstants.ApplicationScheme));
        var cookie = CookieFormat(a).Protect(new AuthenticationTicket(principal, IdentityConstants.ApplicationScheme));
        var read = CookieFormat(b).Unprotect(cookie);
        read.ShouldNotBeNull("node B could not decrypt node A's log-in cookie");
        read.Principal.Identity!.Name.ShouldBe(PortalOptions.AdminEmail);

        // An engine's cycle job is on its node's in-memory scheduler, not in the clustered store.
        var engine = a.Services.GetRequiredService<EngineRegistry>().Create("alice", "alice's engine", "breakout_v1",
            new EngineCreateOptions { StartingBalance = 1_000m, Bars = 600, WarmupBars = 300, BarIntervalMs = 1_000 });
        var local = await a.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        await Eventually.WaitUntilAsync(async () => await local.Exists(EngineCycleJob.KeyFor(engine.Id), Ct), "the engine's cycle job on node A's local scheduler");
        local.SchedulerName.ShouldNotBe(ClusterScheduler.Name);
        var cluster = await a.Services.GetRequiredService<ClusterScheduler>().GetAsync(Ct);
        (await cluster.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), Ct)).ShouldNotContain(EngineCycleJob.KeyFor(engine.Id));
        (await QueryAsync(connectionString, "SELECT job_name FROM qrtz_job_details")).ShouldNotContain(engine.Id);
        // Quartz starts its schedulers once the app has started, so a node checks in a moment after it answers.
        await Eventually.WaitUntilAsync(
            async () => (await QueryAsync(connectionString, "SELECT instance_name FROM qrtz_scheduler_state")).Order().SequenceEqual(["node-a", "node-b"]),
            "both nodes checked in to the cluster scheduler");
    }

    private static BreakoutBotWebFactory Portal(string connectionString, string nodeId, string dataFolder)
    {
        var options = new PortalOptions { Database = null };
        options.Settings["Database:Provider"] = "Postgres";
        options.Settings["ConnectionStrings:BreakoutBot"] = connectionString;
        options.Settings["Database:DataFolder"] = dataFolder;
        options.Settings["Cluster:Enabled"] = "true";
        options.Settings["Cluster:NodeId"] = nodeId;
        return new BreakoutBotWebFactory(options);
    }

    private static ISecureDataFormat<AuthenticationTicket> CookieFormat(BreakoutBotWebFactory portal) =>
        portal.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).TicketDataFormat;

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var values = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
