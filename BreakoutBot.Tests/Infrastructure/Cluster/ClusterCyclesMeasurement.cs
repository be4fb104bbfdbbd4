using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Tests.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Tests.TestSupport.Servers;
using BreakoutBot.Tests.Web.Browser;
using BreakoutBot.Tests.Web.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// A measurement, not a check (run with BREAKOUTBOT_MEASURE=1 and PostgreSQL installed): 50 paper engines on small
/// generated markets, each asking for a cycle every <see cref="BarIntervalMs"/> ms, first all on one portal node, then
/// split over two real portal processes on one PostgreSQL database (ADR-020). Cycles completed per second are read from
/// each node's <c>/metrics</c> (<c>breakoutbot_engine_cycles</c>: engine phases run, several per bar when the pipeline
/// continues at once) until every node has run <see cref="MinBarsPerNode"/> cycle jobs, with the cycle-job runs (<c>EngineCycleJob</c>: one bar stepped each, the
/// demand being one per engine per bar). Prints the figures and writes them to <c>breakoutbot-cluster-cycles.txt</c> in
/// the temp folder.
/// </summary>
public sealed class ClusterCyclesMeasurement(ITestOutputHelper output)
{
    private const int Engines = 50;
    /// <summary>Wall-clock ms per replayed bar; BREAKOUTBOT_MEASURE_BAR_MS overrides it (e.g. 20, to ask more than a node gives).</summary>
    private static readonly int BarIntervalMs =
        int.TryParse(Environment.GetEnvironmentVariable("BREAKOUTBOT_MEASURE_BAR_MS"), CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : 100;
    /// <summary>Cycle-job runs each node must complete in a measurement (about 10–25 s at the rates measured), and the bound on waiting for them.</summary>
    private const int MinBarsPerNode = 6_000;
    private static readonly TimeSpan MeasureTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CyclesPerSecondWithFiftyEnginesOnOneNodeAndSplitOverTwo()
    {
        if (Environment.GetEnvironmentVariable("BREAKOUTBOT_MEASURE") != "1")
        {
            Assert.Skip("A measurement: set BREAKOUTBOT_MEASURE=1 to run it.");
        }
        PostgresServer.SkipUnlessAvailable();
        var report = new StringBuilder();
        void Say(string line)
        {
            output.WriteLine(line);
            report.AppendLine(line);
        }

        await using var server = await PostgresServer.StartAsync(Ct);
        await using var database = await PersistenceTestDatabase.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:BreakoutBot"] = await server.CreateDatabaseAsync(Ct),
        });
        Say($"Start: load average {LoadAverage()} ({Environment.ProcessorCount} cores); {Engines} paper engines, a bar every {BarIntervalMs} ms " +
            $"(demand {Engines * 1000 / BarIntervalMs} bars/s, one cycle job each), at least {MinBarsPerNode:N0} bars per node per measurement.");

        await using var a = await NodeAsync("node-a", database);
        using var apiA = await ApiClientAsync(a, database);
        var ids = new List<string>();
        for (var i = 0; i < Engines; i++)
        {
            using var created = await apiA.PostAsJsonAsync("api/v1/engines", new
            {
                name = $"measure {i}", preset = "breakout_v1", barIntervalMs = BarIntervalMs, seed = 1000 + i, instruments = 2, bars = 12_000, warmupBars = 100,
            }, Ct);
            created.EnsureSuccessStatusCode();
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
            using var started = await apiA.PostAsJsonAsync($"api/v1/engines/{id}/commands/start", new { preset = "breakout_v1", mode = "paper" }, Ct);
            started.EnsureSuccessStatusCode();
            ids.Add(id);
        }
        await Eventually.WaitUntilAsync(async () => (await LeasesAsync(database, ids)).GetValueOrDefault("node-a") == Engines,
            "node a holds every engine's lease", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
        if (!await Eventually.TryWaitUntilAsync(async () => await EnginesCyclingAsync(a, ids) == Engines, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500)))
        {
            var scrape = await ScrapeAsync(a);
            foreach (var id in ids.Where(id => scrape.Sum("breakoutbot_engine_cycles", ("engine", id)) == 0))
            {
                Say($"Engine {id} ran no cycle within 60 s: {await apiA.GetStringAsync(new Uri($"api/v1/engines/{id}/status", UriKind.Relative), Ct)}");
            }
        }

        var (one, oneBars) = await MeasureAsync([a], [ids]);
        Say($"One node: node-a {Engines} engines, {one[0]:F1} cycles/s ({one[0] / Engines:F2} per engine), {oneBars[0]:F1} bars/s of {Engines * 1000 / BarIntervalMs} asked; " +
            $"load average {LoadAverage()}.");

        await using var b = await NodeAsync("node-b", database);
        var clock = Stopwatch.StartNew();
        var balanced = await Eventually.TryWaitUntilAsync(async () =>
        {
            var held = await LeasesAsync(database, ids);
            return held.GetValueOrDefault("node-a") == Engines / 2 && held.GetValueOrDefault("node-b") == Engines / 2;
        }, TimeSpan.FromSeconds(240), TimeSpan.FromSeconds(1));
        var split = await LeasesAsync(database, ids);
        Say($"Node b joined; {(balanced ? "balanced" : "NOT balanced")} after {clock.Elapsed.TotalSeconds:F0} s: " +
            string.Join(", ", split.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}")) + " leases.");

        var onA = await HeldByAsync(database, ids, "node-a");
        var onB = await HeldByAsync(database, ids, "node-b");
        await Eventually.TryWaitUntilAsync(async () => await EnginesCyclingAsync(b, onB) == onB.Count, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
        var (two, twoBars) = await MeasureAsync([a, b], [onA, onB]);
        Say($"Two nodes: node-a {onA.Count} engines {two[0]:F1} cycles/s ({twoBars[0]:F1} bars/s), node-b {onB.Count} engines {two[1]:F1} cycles/s ({twoBars[1]:F1} bars/s), " +
            $"together {two[0] + two[1]:F1} cycles/s ({twoBars[0] + twoBars[1]:F1} bars/s); load average {LoadAverage()}.");

        var file = Path.Combine(Path.GetTempPath(), "breakoutbot-cluster-cycles.txt");
        await File.WriteAllTextAsync(file, report.ToString(), Ct);
        output.WriteLine("Written to " + file);
        one[0].ShouldBeGreaterThan(0);
    }

    private static Task<PortalProcess> NodeAsync(string nodeId, PersistenceTestDatabase database)
    {
        var connection = database.Contexts.CreateDbContext().Database.GetConnectionString()!;
        return PortalProcess.StartAsync(Ct, extraEnvironment: new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__BreakoutBot"] = connection,
            ["DemoEngine__Enabled"] = "false",
            ["Cluster__Enabled"] = "true",
            ["Cluster__NodeId"] = nodeId,
            ["Cluster__LeaseDuration"] = "00:00:10",
            ["Cluster__RenewInterval"] = "00:00:01",
            ["Metrics__AllowedNetworks__0"] = "127.0.0.1/32",
        });
    }

    /// <summary>A control token of the portal's first admin (made through the token service, as <c>token create</c> does) in a client of the node's API.</summary>
    private static async Task<HttpClient> ApiClientAsync(PortalProcess node, PersistenceTestDatabase database)
    {
        var tokens = new ApiTokenService(database.Contexts, new RecordingAuditLog(), TimeProvider.System, Options.Create(new ApiTokenOptions()));
        var result = await tokens.CreateForEmailAsync(PortalProcess.AdminEmail, "measure", ApiTokenScope.Control, 1, Ct);
        var http = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", result.Token ?? throw new InvalidOperationException(result.Refusal));
        return http;
    }

    /// <summary>
    /// Cycles and cycle-job runs (bars) per second each node completed for its engines, scraped until every node has run
    /// <see cref="MinBarsPerNode"/> cycle jobs (the rates are those of the scrape that saw it).
    /// </summary>
    private static async Task<(double[] Cycles, double[] Bars)> MeasureAsync(PortalProcess[] nodes, List<string>[] engines)
    {
        var cyclesBefore = new double[nodes.Length];
        var barsBefore = new double[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            var scrape = await ScrapeAsync(nodes[i]);
            (cyclesBefore[i], barsBefore[i]) = (CyclesOf(scrape, engines[i]), BarsOf(scrape));
        }
        var clock = Stopwatch.StartNew();
        var cycles = new double[nodes.Length];
        var bars = new double[nodes.Length];
        await Eventually.WaitUntilAsync(async () =>
        {
            var enough = true;
            for (var i = 0; i < nodes.Length; i++)
            {
                var scrape = await ScrapeAsync(nodes[i]);
                var elapsed = clock.Elapsed.TotalSeconds;
                var barsRun = BarsOf(scrape) - barsBefore[i];
                cycles[i] = (CyclesOf(scrape, engines[i]) - cyclesBefore[i]) / elapsed;
                bars[i] = barsRun / elapsed;
                enough &= barsRun >= MinBarsPerNode;
            }
            return enough;
        }, $"every node runs {MinBarsPerNode:N0} cycle jobs", MeasureTimeout, TimeSpan.FromMilliseconds(500));
        return (cycles, bars);
    }

    /// <summary>Cycle-job runs of the node (the job key is not a label, so all its engines: here only the measured ones).</summary>
    private static double BarsOf(PrometheusScrape scrape) =>
        scrape.Sum("breakoutbot_job_duration_seconds_count", ("scheduler", "quartz"), ("job", "EngineCycleJob"));

    private static double CyclesOf(PrometheusScrape scrape, List<string> engines) => engines.Sum(id => scrape.Sum("breakoutbot_engine_cycles", ("engine", id)));

    private static async Task<int> EnginesCyclingAsync(PortalProcess node, List<string> engines)
    {
        var scrape = await ScrapeAsync(node);
        return engines.Count(id => scrape.Sum("breakoutbot_engine_cycles", ("engine", id)) > 0);
    }

    private static async Task<PrometheusScrape> ScrapeAsync(PortalProcess node)
    {
        using var http = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return new PrometheusScrape(await http.GetStringAsync(new Uri("metrics", UriKind.Relative), Ct));
    }

    private static async Task<Dictionary<string, int>> LeasesAsync(PersistenceTestDatabase database, List<string> engines)
    {
        await using var db = await database.OpenAsync();
        return await db.EngineLeases.AsNoTracking().Where(l => engines.Contains(l.EngineId))
            .GroupBy(l => l.OwnerNode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct);
    }

    private static async Task<List<string>> HeldByAsync(PersistenceTestDatabase database, List<string> engines, string node)
    {
        await using var db = await database.OpenAsync();
        return await db.EngineLeases.AsNoTracking().Where(l => engines.Contains(l.EngineId) && l.OwnerNode == node).Select(l => l.EngineId).ToListAsync(Ct);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
