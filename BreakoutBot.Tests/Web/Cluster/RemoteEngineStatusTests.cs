using System.Net;
using System.Text.Json;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Cluster;

/// <summary>
/// Two whole portals in cluster mode on one real PostgreSQL database (ADR-021): an engine runs on node A; on node B its
/// owner sees its live status in the status API, the dashboard and the engine list, sends it a command that node A
/// runs, and sees the status change as node A trades; another trader sees none of it. Skipped without PostgreSQL.
/// </summary>
public sealed class RemoteEngineStatusTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheNodeThatDoesNotRunAnEngineShowsItsLiveStatusToThoseWhoMaySeeIt()
    {
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        var connectionString = await server.CreateDatabaseAsync(Ct);
        var data = Path.Combine(Path.GetTempPath(), "breakoutbot-tests", Guid.NewGuid().ToString("N"));
        await using var a = Portal(connectionString, "node-a", Path.Combine(data, "a"));
        _ = a.Server; // the first node migrates the database
        await using var b = Portal(connectionString, "node-b", Path.Combine(data, "b"));
        _ = b.Server;

        // A user the store knows: the node that runs the engine authorises a queued command again against the store.
        var aliceId = await a.CreateUserAsync("alice@test.local", Roles.Trader);
        var engine = a.Services.GetRequiredService<EngineRegistry>().Create(aliceId, "Alice's far engine", "breakout_v1",
            new EngineCreateOptions { StartingBalance = 1_000m, Bars = 5_000, WarmupBars = 300, BarIntervalMs = 100 });
        await Eventually.WaitUntilAsync(() => a.Services.GetRequiredService<EngineFence>().TokenFor(engine.Id) is not null, "node A holds the engine's lease");
        b.Services.GetRequiredService<EngineRegistry>().Get(engine.Id).ShouldBeNull("node B must not run the engine");

        using var alice = b.ApiClient(null).AsTestUser(aliceId, Roles.Trader);
        using var bob = b.ApiClient(null).AsTestUser("bob", Roles.Trader);
        var statusRoute = $"/api/v1/engines/{engine.Id}/status";

        // Node B answers the status route with what node A published.
        var idle = await EventuallyStatusAsync(alice, statusRoute, s => s.GetProperty("state").GetString() == "idle", "node B serves the idle engine's status");
        // The same answer node A gives for its own (idle, so unchanging) engine.
        using var aliceOnA = a.ApiClient(null).AsTestUser(aliceId, Roles.Trader);
        (await aliceOnA.GetStringAsync(new Uri(statusRoute, UriKind.Relative), Ct)).ShouldBe(idle.GetRawText());
        var dashboard = await alice.GetStringAsync(new Uri($"/engines/{engine.Id}", UriKind.Relative), Ct);
        dashboard.ShouldContain("runs on node node-a");
        StateOnDashboard(dashboard).ShouldBe("IDLE");

        // A command sent on node B is run by node A (the existing command queue), and node B follows the engine as it trades.
        using var started = await alice.PostAsync(new Uri($"/api/v1/engines/{engine.Id}/commands/start", UriKind.Relative), null, Ct);
        // 200 with node A's answer, or 202 "queued for node-a" when node A takes longer than the caller waits.
        started.StatusCode.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.Accepted], await started.Content.ReadAsStringAsync(Ct));
        (await started.Content.ReadAsStringAsync(Ct)).ShouldContain("node-a");
        var trading = await EventuallyStatusAsync(alice, statusRoute, s => s.GetProperty("state").GetString() != "idle" && s.GetProperty("cycleCount").GetInt64() > 0,
            "node B shows the engine trading on node A");
        var cycles = trading.GetProperty("cycleCount").GetInt64();
        await EventuallyStatusAsync(alice, statusRoute, s => s.GetProperty("cycleCount").GetInt64() > cycles, "node B's status keeps following node A's cycles");
        var shown = "";
        await Eventually.WaitUntilAsync(async () =>
        {
            var html = await alice.GetStringAsync(new Uri($"/engines/{engine.Id}", UriKind.Relative), Ct);
            shown = StateOnDashboard(html);
            return shown is not ("" or "IDLE") && html.Contains("id=\"engine-cycles\"", StringComparison.Ordinal);
        }, "node B's dashboard shows the engine trading", TimeSpan.FromSeconds(30));
        // A pause sent on node B reaches node A, and node B shows it.
        using var paused = await alice.PostAsync(new Uri($"/api/v1/engines/{engine.Id}/commands/pause", UriKind.Relative), null, Ct);
        paused.StatusCode.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.Accepted], await paused.Content.ReadAsStringAsync(Ct));
        await Eventually.WaitUntilAsync(() => engine.Status.State == TradingState.Paused, "node A paused the engine");
        await EventuallyStatusAsync(alice, statusRoute, s => s.GetProperty("state").GetString() == "paused", "node B shows the engine paused");
        var list = await alice.GetStringAsync(new Uri("/engines", UriKind.Relative), Ct);
        list.ShouldContain($"data-engine=\"{engine.Id}\" data-node=\"node-a\"");
        var apiList = await alice.GetStringAsync(new Uri("/api/v1/engines", UriKind.Relative), Ct);
        apiList.ShouldContain("\"node\":\"node-a\"");

        // Another trader learns nothing of it on node B.
        using var forbidden = await bob.GetAsync(new Uri(statusRoute, UriKind.Relative), Ct);
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var bobsDashboard = await bob.GetStringAsync(new Uri($"/engines/{engine.Id}", UriKind.Relative), Ct);
        bobsDashboard.ShouldContain("engine-missing");
        bobsDashboard.ShouldNotContain("node-a");
        (await bob.GetStringAsync(new Uri("/engines", UriKind.Relative), Ct)).ShouldNotContain(engine.Id);
        (await bob.GetStringAsync(new Uri("/api/v1/engines", UriKind.Relative), Ct)).ShouldNotContain(engine.Id);
        using var bobsStart = await bob.PostAsync(new Uri($"/api/v1/engines/{engine.Id}/commands/pause", UriKind.Relative), null, Ct);
        bobsStart.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    /// <summary>The state chip's text on a dashboard page ("" when there is none).</summary>
    private static string StateOnDashboard(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "id=\"engine-state\"[^>]*>(?:<[^>]+>)*\\s*([A-Z_-]+)\\s*<") is { Success: true } m ? m.Groups[1].Value : "";

    private static async Task<JsonElement> EventuallyStatusAsync(HttpClient client, string route, Func<JsonElement, bool> condition, string what)
    {
        JsonElement last = default;
        await Eventually.WaitUntilAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri(route, UriKind.Relative), Ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            last = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
            return condition(last);
        }, what, TimeSpan.FromSeconds(30));
        return last;
    }

    private static BreakoutBotWebFactory Portal(string connectionString, string nodeId, string dataFolder)
    {
        var options = new PortalOptions { Database = null };
        options.Settings["Database:Provider"] = "Postgres";
        options.Settings["ConnectionStrings:BreakoutBot"] = connectionString;
        options.Settings["Database:DataFolder"] = dataFolder;
        options.Settings["Cluster:Enabled"] = "true";
        options.Settings["Cluster:NodeId"] = nodeId;
        options.Settings["Cluster:StatusPublishInterval"] = "00:00:00.250";
        return new BreakoutBotWebFactory(options);
    }
}
