using System.Diagnostics;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.Web.Browser;
using BreakoutBot.Web.Cli;

namespace BreakoutBot.Tests.Web;

/// <summary>The replay verb runs in a child process whose JIT counts calls at once; output and exit code are the verb's.</summary>
public sealed class OptimisedRelaunchTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "breakoutbot-relaunch-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void OnlyAReplayOfAHundredThousandStepsStartedWithoutTheSettingIsRelaunched()
    {
        static string? None(string name) => null;
        static string? Set(string name) => name == OptimisedRelaunch.DelayVariable ? "100" : null;
        string[] large = ["replay", "--instruments", "10", "--bars", "10000"];

        OptimisedRelaunch.ShouldRelaunch(large, None, debuggerAttached: false).ShouldBeTrue();
        // The child has the setting, and anyone who sets it keeps one process.
        OptimisedRelaunch.ShouldRelaunch(large, Set, debuggerAttached: false).ShouldBeFalse();
        OptimisedRelaunch.ShouldRelaunch(large, None, debuggerAttached: true).ShouldBeFalse();
        // The bundled market's default (6 × 6,000) is below the break-even.
        OptimisedRelaunch.ShouldRelaunch(["replay"], None, debuggerAttached: false).ShouldBeFalse();
        OptimisedRelaunch.ShouldRelaunch(["replay", "--instruments", "10", "--bars", "9999"], None, debuggerAttached: false).ShouldBeFalse();
        foreach (var verb in new[] { "bench", "migrate", "token", "help", "--help" })
        {
            OptimisedRelaunch.ShouldRelaunch([verb, "--instruments", "10", "--bars", "10000"], None, debuggerAttached: false).ShouldBeFalse(verb);
        }
        OptimisedRelaunch.ShouldRelaunch([], None, debuggerAttached: false).ShouldBeFalse();
    }

    [Fact]
    public void AReplaysSizeIsTakenFromTheGeneratedMarketOrTheDataFoldersCsvFiles()
    {
        OptimisedRelaunch.EstimatedCandleSteps(["replay"]).ShouldBe(ReplayCommand.DefaultInstruments * ReplayCommand.DefaultBars);
        OptimisedRelaunch.EstimatedCandleSteps(["replay", "--instruments", "4", "--bars", "50000"]).ShouldBe(200_000);

        Directory.CreateDirectory(_folder);
        OptimisedRelaunch.EstimatedCandleSteps(["replay", "--data", _folder]).ShouldBe(0);
        SizedFile(Path.Combine(_folder, "BTC-USDT-SWAP.csv"), 3_000_000);
        SizedFile(Path.Combine(_folder, "ETH-USDT-SWAP.csv"), 2_500_000);
        // Not a candle file: not counted.
        SizedFile(Path.Combine(_folder, "notes.txt"), 9_000_000);
        OptimisedRelaunch.EstimatedCandleSteps(["replay", "--data", _folder]).ShouldBe(5_500_000 / OptimisedRelaunch.BytesPerCsvRow);
        OptimisedRelaunch.ShouldRelaunch(["replay", "--data", _folder], _ => null, debuggerAttached: false).ShouldBeTrue();

        // A folder of links to the files counts the files' bytes; a broken link counts none.
        var links = Path.Combine(_folder, "links");
        Directory.CreateDirectory(links);
        File.CreateSymbolicLink(Path.Combine(links, "BTC-USDT-SWAP.csv"), Path.Combine(_folder, "BTC-USDT-SWAP.csv"));
        File.CreateSymbolicLink(Path.Combine(links, "SOL-USDT-SWAP.csv"), Path.Combine(_folder, "missing.csv"));
        OptimisedRelaunch.EstimatedCandleSteps(["replay", "--data", links]).ShouldBe(3_000_000 / OptimisedRelaunch.BytesPerCsvRow);

        // What the verb would refuse is answered here, in this process.
        OptimisedRelaunch.EstimatedCandleSteps(["replay", "--data", Path.Combine(_folder, "missing")]).ShouldBe(0);
        OptimisedRelaunch.EstimatedCandleSteps(["replay", "--bars", "many"]).ShouldBe(0);
        OptimisedRelaunch.EstimatedCandleSteps(["replay", "stray"]).ShouldBe(0);
    }

    private static void SizedFile(string path, long bytes)
    {
        using var file = new FileStream(path, FileMode.Create);
        file.SetLength(bytes);
    }

    [Fact]
    public void TheChildIsStartedAsThisProcessWasWithTheSameArgumentsAndTheDelayAtZero()
    {
        string[] args = ["replay", "--data", "/data/with space", "--out", "r.json"];

        var throughHost = OptimisedRelaunch.StartInfo("/usr/share/dotnet/dotnet", "/app/BreakoutBot.Web.dll", args);
        throughHost.FileName.ShouldBe("/usr/share/dotnet/dotnet");
        throughHost.ArgumentList.ShouldBe(["/app/BreakoutBot.Web.dll", .. args]);
        throughHost.Environment[OptimisedRelaunch.DelayVariable].ShouldBe("0");
        throughHost.UseShellExecute.ShouldBeFalse();
        throughHost.RedirectStandardOutput.ShouldBeFalse();
        throughHost.RedirectStandardError.ShouldBeFalse();

        var appHost = OptimisedRelaunch.StartInfo("/app/BreakoutBot.Web", "/app/BreakoutBot.Web.dll", args);
        appHost.FileName.ShouldBe("/app/BreakoutBot.Web");
        appHost.ArgumentList.ShouldBe(args);
        appHost.Environment[OptimisedRelaunch.DelayVariable].ShouldBe("0");

        // The host as Windows names it.
        OptimisedRelaunch.StartInfo("/opt/dotnet/dotnet.exe", "/app/BreakoutBot.Web.dll", ["replay"]).ArgumentList
            .ShouldBe(["/app/BreakoutBot.Web.dll", "replay"]);
    }

    [Fact]
    public async Task AReplayFromTheCommandLinePrintsItsSummaryOnceWritesItsReportAndEndsWithTheVerbsExitCode()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_folder);
        var report = Path.Combine(_folder, "r.json");

        // Large enough to be relaunched.
        var ok = await RunWebAsync(["replay", "--instruments", "10", "--bars", "10000", "--out", report], ct);
        ok.ExitCode.ShouldBe(0, ok.Error);
        File.Exists(report).ShouldBeTrue();
        CountOf(ok.Output, "Report written to " + report).ShouldBe(1);
        CountOf(ok.Output, "Trades ").ShouldBe(1);

        var bad = await RunWebAsync(["replay", "--instruments", "10", "--bars", "10000", "--no-such-option"], ct);
        bad.ExitCode.ShouldBe(2);
        CountOf(bad.Error, "error: Unknown option: --no-such-option").ShouldBe(1);
        bad.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task StoppingTheCommandStopsTheReplayingChildToo()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("Finds the child through /proc (Linux).");
        }
        var ct = TestContext.Current.CancellationToken;
        var info = WebStartInfo(["replay", "--instruments", "20", "--bars", "100000"]);
        using var parent = Process.Start(info)!;
        var output = parent.StandardOutput.ReadToEndAsync(ct);
        var error = parent.StandardError.ReadToEndAsync(ct);
        int? child = null;
        var checkedGone = false;
        try
        {
            await Eventually.WaitUntilAsync(() => (child = ChildOf(parent.Id)) is not null, "the replay relaunched in a child process", TimeSpan.FromSeconds(30));
            // As `timeout` or a service manager stops it: a signal to the command's process only.
            using (var kill = Process.Start("kill", ["-TERM", parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(ct);
            }
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            await parent.WaitForExitAsync(deadline.Token);
            await output;
            await error;

            parent.ExitCode.ShouldNotBe(0);
            Directory.Exists("/proc/" + child!.Value).ShouldBeFalse("the child kept replaying after the command was stopped");
            checkedGone = true;
        }
        finally
        {
            // Nothing left running when the test fails (once both are gone, their ids may belong to other processes).
            if (!checkedGone)
            {
                if (child is { } orphan)
                {
                    KillQuietly(orphan);
                }
                KillQuietly(parent.Id);
            }
        }
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already.
        }
    }

    // A process whose parent is parentId, or null (Linux: read from /proc).
    private static int? ChildOf(int parentId)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ParentOf(dir) == parentId)
            {
                return pid;
            }
        }
        return null;
    }

    private static int? ParentOf(string procDir)
    {
        try
        {
            // /proc/PID/stat: "pid (name) state ppid ..."; the name may hold spaces, so read after its closing parenthesis.
            var stat = File.ReadAllText(Path.Combine(procDir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunWebAsync(string[] args, CancellationToken ct)
    {
        using var process = Process.Start(WebStartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo WebStartInfo(string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(PortalProcess.LocateWebDll());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // As a user starts it: without the setting, so a large replay relaunches itself.
        info.Environment.Remove(OptimisedRelaunch.DelayVariable);
        return info;
    }
}
