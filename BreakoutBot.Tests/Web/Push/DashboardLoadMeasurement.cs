using System.Globalization;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.Web.Browser;
using Microsoft.Playwright;
using static BreakoutBot.Tests.Web.Browser.BrowserPages;

namespace BreakoutBot.Tests.Web.Push;

/// <summary>
/// The bounded load run behind the README's circuit figures (not part of the normal suite: it runs only with
/// BREAKOUTBOT_PUSH_LOAD=1 and Chromium): an engine created in the form replays one bar a second (one update a second), one
/// dashboard is open, then <see cref="Dashboards"/> are; the portal process's resident memory and CPU are read from
/// /proc over a window each time. Memory per circuit = (RSS with N − RSS with 1) / (N − 1). BREAKOUTBOT_WEB_DLL measures
/// another build (e.g. before this change). It fails only when the dashboards do not update. BREAKOUTBOT_HOLD=FILE keeps
/// the portal running with the 50 dashboards open after the second heap snapshot: the portal's process id is written to
/// FILE and the test waits (at most 15 minutes) until FILE is deleted, so a full dump can be taken (<c>dotnet-dump collect</c>).
/// With heap snapshots (BREAKOUTBOT_GCDUMP_DIR), the 49 extra dashboards are then closed and the live heap is read again once
/// only one circuit is left: the heap with 50 minus that one is what the 49 circuits held, without what the engine and
/// the shared buffer pools grew by while the tabs were opening.
/// </summary>
public sealed class DashboardLoadMeasurement
{
    private const int Dashboards = 50;
    /// <summary>DOM updates every dashboard shows before it counts as live (about 10 s at one update a second).</summary>
    private const int LiveUpdates = 10;
    private static readonly TimeSpan LiveDeadline = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FiftyOpenDashboardsReceivingOneUpdateASecond()
    {
        if (Environment.GetEnvironmentVariable("BREAKOUTBOT_PUSH_LOAD") != "1" || Chromium() is not { } chromium)
        {
            Assert.Skip("A measurement, not a test: set BREAKOUTBOT_PUSH_LOAD=1 (and have Chromium) to run it.");
            return;
        }
        await using var portal = await PortalProcess.StartAsync(Ct, barIntervalMs: 1000, environment: "Production");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseAddress.ToString() });
        var first = await context.NewPageAsync();
        first.SetDefaultTimeout(60_000);
        await LogInAsync(first, PortalProcess.AdminEmail, PortalProcess.AdminPassword);
        // An engine on the bundled data at the form's default pace of one bar a second.
        await GotoInteractiveAsync(first, "engines");
        await first.Locator("#new-engine-name").FillAsync("Load engine");
        await first.Locator("#create-engine").ClickAsync();
        await first.Locator("#engines-table a", new() { HasText = "Load engine" }).ClickAsync();
        await WaitForCircuitAsync(first);
        var dashboard = first.Url;
        await first.Locator("[data-command=\"Start\"]").ClickAsync();
        await Assertions.Expect(first.Locator("#engine-state")).Not.ToHaveTextAsync("IDLE");

        await CountRendersAsync(first);
        await WaitUntilLiveAsync([first]);
        var one = await SampleAsync(portal.ProcessId);
        var oneDump = await GcDumpAsync(portal.ProcessId, "one");

        var pages = new List<IPage> { first };
        for (var i = 1; i < Dashboards; i++)
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(60_000);
            await GotoInteractiveAsync(page, dashboard);
            pages.Add(page);
        }
        foreach (var page in pages.Skip(1))
        {
            await CountRendersAsync(page);
        }
        await WaitUntilLiveAsync(pages);
        foreach (var page in pages)
        {
            await page.EvaluateAsync("() => { window.__renders = 0; }");
        }
        var many = await SampleAsync(portal.ProcessId);
        var manyDump = await GcDumpAsync(portal.ProcessId, "many");
        if (Environment.GetEnvironmentVariable("BREAKOUTBOT_HOLD") is { Length: > 0 } hold)
        {
            await File.WriteAllTextAsync(hold, portal.ProcessId.ToString(CultureInfo.InvariantCulture), Ct);
            await Eventually.WaitUntilAsync(() => !File.Exists(hold), "hold released", TimeSpan.FromMinutes(15));
        }
        var renders = new List<int>();
        foreach (var page in pages)
        {
            renders.Add(await page.EvaluateAsync<int>("() => window.__renders"));
        }

        var heapLines = "";
        if (oneDump is not null && manyDump is not null)
        {
            // The extra dashboards closed again: once only the first circuit is left, the heap keeps what the engine and
            // the shared pools grew by meanwhile, so (with 50 − with the 49 closed) is what the 49 circuits held.
            foreach (var page in pages.Skip(1))
            {
                await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
            }
            (long Bytes, int Circuits) closed = default;
            var attempt = 0;
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    closed = await HeapAsync(await GcDumpAsync(portal.ProcessId, "closed-" + attempt++));
                    return closed.Circuits == 1;
                },
                "the closed dashboards' circuits gone",
                TimeSpan.FromMinutes(6),
                TimeSpan.FromSeconds(20));
            var closedRss = Rss(portal.ProcessId);
            var (oneHeap, _) = await HeapAsync(oneDump);
            var (manyHeap, manyCircuits) = await HeapAsync(manyDump);
            heapLines = string.Create(CultureInfo.InvariantCulture,
                $"""

                live heap: 1 dashboard {oneHeap / 1e6:0.0} MB, {Dashboards} dashboards {manyHeap / 1e6:0.0} MB ({manyCircuits} circuits), after closing {Dashboards - 1} {closed.Bytes / 1e6:0.0} MB ({closed.Circuits} circuit)
                live heap per extra circuit: {(manyHeap - oneHeap) / 1024.0 / (Dashboards - 1):0} KB against 1 dashboard, {(manyHeap - closed.Bytes) / 1024.0 / (Dashboards - 1):0} KB against the heap after closing them
                RSS after closing {Dashboards - 1}: {RssText(closedRss)}

                """);
        }
        var perCircuitKb = (many.Rss.Total - one.Rss.Total) / (double)(Dashboards - 1);
        var report = string.Create(CultureInfo.InvariantCulture,
            $"""
            portal {Environment.GetEnvironmentVariable("BREAKOUTBOT_WEB_DLL") ?? "(this build)"}
            1 dashboard:   RSS {one.Rss.Total / 1024.0:0.0} MB, CPU {one.CpuPercent:0.0} % of one core over {Window.TotalSeconds:0} s
            {Dashboards} dashboards: RSS {many.Rss.Total / 1024.0:0.0} MB, CPU {many.CpuPercent:0.0} % of one core over {Window.TotalSeconds:0} s
            memory per extra circuit: {perCircuitKb:0} KB; CPU per extra circuit: {(many.CpuPercent - one.CpuPercent) / (Dashboards - 1):0.00} % of one core
            DOM updates per dashboard over the {Window.TotalSeconds:0} s window: min {renders.Min()}, median {renders.Order().ElementAt(renders.Count / 2)}, max {renders.Max()}
            RSS with 1 dashboard: {RssText(one.Rss)}
            RSS with {Dashboards} dashboards: {RssText(many.Rss)}
            """) + heapLines;
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "breakoutbot-push-load.txt"), report, Ct);
        renders.Min().ShouldBeGreaterThan(10, "every open dashboard must keep updating");
    }

    /// <summary>Counts the page's DOM updates in <c>window.__renders</c> from now on.</summary>
    private static Task CountRendersAsync(IPage page) =>
        page.EvaluateAsync("() => { window.__renders = 0; new MutationObserver(() => window.__renders++).observe(document.body, { subtree: true, childList: true, characterData: true }); }");

    /// <summary>Waits until every page has shown <see cref="LiveUpdates"/> DOM updates: the engine runs and each dashboard follows it.</summary>
    private static Task WaitUntilLiveAsync(IReadOnlyList<IPage> pages) => Eventually.WaitUntilAsync(
        async () =>
        {
            foreach (var page in pages)
            {
                if (await page.EvaluateAsync<int>("() => window.__renders") < LiveUpdates)
                {
                    return false;
                }
            }
            return true;
        },
        $"every one of {pages.Count} dashboard(s) showing {LiveUpdates} updates",
        LiveDeadline,
        TimeSpan.FromSeconds(1));

    /// <summary>
    /// Resident memory now and the CPU the process used over <see cref="Window"/> (percent of one core). The window is the
    /// measurement itself (CPU time over a known span), not a wait for a condition.
    /// </summary>
    private static async Task<((long Total, long Anon, long File, long Shared) Rss, double CpuPercent)> SampleAsync(int pid)
    {
        var ticksBefore = CpuTicks(pid);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(Window, Ct);
        var ticks = CpuTicks(pid) - ticksBefore;
        var cpu = ticks / 100.0 / started.Elapsed.TotalSeconds * 100;
        return (Rss(pid), cpu);
    }

    /// <summary>
    /// Resident memory now (KB, from /proc): in all, and its anonymous part (GC heap, native heaps), file-backed part
    /// (mapped assemblies and libraries) and shared part (the runtime's double-mapped executable memory: JIT'd code, stubs).
    /// </summary>
    private static (long Total, long Anon, long File, long Shared) Rss(int pid)
    {
        var lines = File.ReadLines($"/proc/{pid}/status").ToList();
        long Kb(string key) => long.Parse(
            lines.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture);
        return (Kb("VmRSS:"), Kb("RssAnon:"), Kb("RssFile:"), Kb("RssShmem:"));
    }

    private static string RssText((long Total, long Anon, long File, long Shared) rss) => string.Create(CultureInfo.InvariantCulture,
        $"{rss.Total / 1024.0:0.0} MB (anonymous {rss.Anon / 1024.0:0.0}, files {rss.File / 1024.0:0.0}, shared/JIT code {rss.Shared / 1024.0:0.0})");

    /// <summary>
    /// With BREAKOUTBOT_GCDUMP_DIR set (and dotnet-gcdump installed), writes a heap snapshot of the portal there: the tool
    /// forces a full collection first, so the dump shows the live heap by type (what a circuit really holds).
    /// </summary>
    private static async Task<string?> GcDumpAsync(int pid, string name)
    {
        if (Environment.GetEnvironmentVariable("BREAKOUTBOT_GCDUMP_DIR") is not { Length: > 0 } folder)
        {
            return null;
        }
        var file = Path.Combine(folder, name + ".gcdump");
        await RunToolAsync("collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", file);
        return file;
    }

    /// <summary>The live heap of a snapshot and the Blazor circuits (<c>CircuitHost</c> objects) it holds.</summary>
    private static async Task<(long Bytes, int Circuits)> HeapAsync(string? file)
    {
        var lines = (await RunToolAsync("report", file!)).Split('\n');
        static long Number(string text) => long.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        var bytes = Number(lines.First(l => l.Contains("GC Heap bytes", StringComparison.Ordinal)).Trim().Split(' ')[0]);
        var hosts = lines.FirstOrDefault(l => l.Contains("Circuits.CircuitHost ", StringComparison.Ordinal));
        var circuits = hosts is null ? 0 : (int)Number(hosts.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return (bytes, circuits);
    }

    private static async Task<string> RunToolAsync(params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet-gcdump") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var tool = System.Diagnostics.Process.Start(info)!;
        var output = await tool.StandardOutput.ReadToEndAsync(Ct);
        await tool.WaitForExitAsync(Ct);
        return output;
    }

    /// <summary>utime + stime of the process in clock ticks (USER_HZ = 100 on Linux).</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
