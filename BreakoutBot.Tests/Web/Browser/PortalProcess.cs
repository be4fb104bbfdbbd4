using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Web.Browser;

/// <summary>
/// The real portal as a separate process on 127.0.0.1 (a browser cannot reach the in-memory test host), with its own
/// temporary data folder, a configured first admin and a fast-paced default engine. Killed on dispose.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@browser.test";
    public const string AdminPassword = "Br0wserAdmin!";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dataFolder;
    private readonly bool _ownsDataFolder;

    private PortalProcess(Process process, string dataFolder, bool ownsDataFolder, Uri baseAddress)
    {
        _process = process;
        _dataFolder = dataFolder;
        _ownsDataFolder = ownsDataFolder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The portal's process id (for memory measurements).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The portal's data folder (database file, exports).</summary>
    public string DataFolder => _dataFolder;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="dataFolder">An existing data folder to reuse (a restart); the caller deletes it. Null: a new temporary one.</param>
    /// <param name="barIntervalMs">Wall-clock milliseconds per replayed bar of the default engine.</param>
    /// <param name="environment">ASPNETCORE_ENVIRONMENT (Production: the unpublished build run as a deployment would).</param>
    /// <param name="extraEnvironment">More settings as environment variables (e.g. <c>Cluster__Enabled</c> for a cluster node); they win over the defaults above.</param>
    /// <param name="workingDirectory">The folder it is started in; null: the build output's own (as a service unit's <c>WorkingDirectory</c>).</param>
    public static async Task<PortalProcess> StartAsync(CancellationToken cancellationToken, string? dataFolder = null, int barIntervalMs = 100, string environment = "Development",
        IReadOnlyDictionary<string, string>? extraEnvironment = null, string? workingDirectory = null)
    {
        var webDll = LocateWebDll();
        var port = FreePort();
        var ownsDataFolder = dataFolder is null;
        dataFolder ??= Path.Combine(Path.GetTempPath(), "breakoutbot-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var info = StartInfo(webDll, port, dataFolder, environment);
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }
        info.Environment["DemoEngine__Bars"] = "3000";
        info.Environment["DemoEngine__WarmupBars"] = "300";
        info.Environment["DemoEngine__BarIntervalMs"] = barIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // No start-up backtest warm-up and no preparation of uploaded data sets: they would load the two cores the portals
        // of a test share (BacktestWarmUpTests and DataSetPreparationTests cover them).
        info.Environment["Jobs__BacktestWarmUpBars"] = "0";
        info.Environment["Jobs__PrepareDataSets"] = "false";
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the portal.");
        var portal = new PortalProcess(process, dataFolder, ownsDataFolder, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = portal.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var up = await Eventually.TryWaitUntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The portal exited at start-up:\n" + portal.Output);
            }
            return await AnswersHealthAsync(http, cancellationToken);
        }, TimeSpan.FromSeconds(90), poll: TimeSpan.FromMilliseconds(250));
        if (!up)
        {
            await portal.DisposeAsync();
            throw new TimeoutException("The portal did not answer /health within 90 s:\n" + portal.Output);
        }
        return portal;
    }

    /// <summary>
    /// Starts the portal with these settings (on a new data folder, deleted afterwards) expecting it to refuse to start:
    /// answers its exit code and everything it wrote, or fails when it is still running after <paramref name="deadline"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment, TimeSpan deadline,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var webDll = LocateWebDll();
        var dataFolder = Path.Combine(Path.GetTempPath(), "breakoutbot-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var info = StartInfo(webDll, FreePort(), dataFolder, "Production");
        info.Environment["Jobs__BacktestWarmUpBars"] = "0";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the portal.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(deadline);
            await process.WaitForExitAsync(timeout.Token);
            process.WaitForExit(); // the redirected output is complete only after this overload returns
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The portal was still running after {deadline.TotalSeconds:0} s:\n{output}");
        }
        finally
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    /// <summary>The built portal on 127.0.0.1:<paramref name="port"/> with its first admin and its own data folder; output redirected.</summary>
    private static ProcessStartInfo StartInfo(string webDll, int port, string dataFolder, string environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(webDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["Admin__Email"] = AdminEmail;
        info.Environment["Admin__Password"] = AdminPassword;
        info.Environment["Database__DataFolder"] = dataFolder;
        return info;
    }

    private static async Task<bool> AnswersHealthAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // slow first request
        }
    }

    /// <summary>Kills the process at once (no graceful shutdown: nothing is drained or flushed) and waits for it to end.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Sends a POSIX signal to the process (e.g. <c>STOP</c> to freeze it as a long GC pause would, <c>CONT</c> to let it go on).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {ProcessId} failed with exit code {kill.ExitCode}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                if (_ownsDataFolder)
                {
                    Directory.Delete(_dataFolder, recursive: true);
                }
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    internal static string LocateWebDll()
    {
        // BREAKOUTBOT_WEB_DLL: another build to measure (e.g. a Release build or another checkout, for a before/after load figure).
        if (Environment.GetEnvironmentVariable("BREAKOUTBOT_WEB_DLL") is { Length: > 0 } other)
        {
            return File.Exists(other) ? other : throw new FileNotFoundException("BREAKOUTBOT_WEB_DLL names no file: " + other);
        }
        // The Web project's own output (same configuration as the tests): it holds the static-web-assets manifest.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent?.Name ?? "Debug";
        var path = Path.Combine(SharedData.RepositoryRoot(), "BreakoutBot.Web", "bin", configuration, "net10.0", "BreakoutBot.Web.dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("Build BreakoutBot.Web first; not found: " + path);
        }
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
