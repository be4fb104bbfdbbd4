using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BreakoutBot.Web.Cli;

/// <summary>
/// Runs the <c>replay</c> verb in a child process whose JIT starts counting calls at once, so the engine reaches optimised
/// code in the first few hundred milliseconds of the replay rather than running unoptimised code for most of it.
/// </summary>
/// <remarks>
/// The runtime waits until no method has been compiled for 100 ms before it counts calls towards optimising a method; a
/// replay keeps compiling new code paths for its first second or so (first signal, first order, first exit), so most of
/// a replay of a few hundred thousand candle-steps runs unoptimised: 2.3–2.4 s for the four OKX files against
/// 0.9–1.1 s with the delay at 0 (ADR-010, "Twenty-fourth round"). The setting is read when the runtime starts and
/// cannot change afterwards, and set for the whole executable it slows the portal's start-up by about a second (its
/// start compiles far more code), hence a child for this verb only; starting it costs about 40 ms. Below about 100,000
/// candle-steps the compiling done sooner costs more than it saves (36,000 steps: 0.2 s slower), so a smaller replay
/// stays in this process. The child inherits the console, the working folder and the environment; its exit code is the
/// verb's. Setting <c>DOTNET_TC_CallCountingDelayMs</c> yourself (any value) keeps the replay in one process, as does a
/// debugger attached to this one.
/// </remarks>
public static class OptimisedRelaunch
{
    public const string DelayVariable = "DOTNET_TC_CallCountingDelayMs";

    /// <summary>Candle-steps from which a replay is relaunched (measured break-even, see the remarks).</summary>
    public const long MinimumCandleSteps = 100_000;

    /// <summary>Bytes of an OKX 5-minute CSV row, for the size of a data folder (the four OKX files: 49).</summary>
    public const long BytesPerCsvRow = 50;

    // What a shell reports for a command ended by Ctrl+C (128 + SIGINT).
    private const int InterruptedExitCode = 130;

    /// <summary>
    /// True when <paramref name="args"/> is a replay of at least <see cref="MinimumCandleSteps"/> (as far as the command
    /// line tells before anything is read) and this process was not started with the delay set.
    /// </summary>
    public static bool ShouldRelaunch(string[] args, Func<string, string?> environment, bool debuggerAttached) =>
        args is ["replay", ..] && environment(DelayVariable) is null && !debuggerAttached && EstimatedCandleSteps(args) >= MinimumCandleSteps;

    /// <summary>
    /// The candle-steps a replay's command line asks for: the generated market's instruments × bars, or a data folder's
    /// CSV bytes over <see cref="BytesPerCsvRow"/>; 0 when the arguments are not valid (the verb itself then says why).
    /// </summary>
    public static long EstimatedCandleSteps(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            var options = new CliArguments(args.Skip(1));
            if (options.String("data") is { } folder)
            {
                return Directory.Exists(folder)
                    ? new DirectoryInfo(folder).EnumerateFiles("*.csv").Sum(SizeOf) / BytesPerCsvRow
                    : 0;
            }
            var (instruments, bars) = ReplayCommand.GeneratedSize(options);
            return (long)instruments * bars;
        }
        catch (Exception ex) when (ex is CliException or IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    // A file's bytes; a symbolic link's are its target's (a data folder of links to the downloaded files), 0 when broken.
    private static long SizeOf(FileInfo file) =>
        file.LinkTarget is null ? file.Length : file.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true } target ? target.Length : 0;

    /// <summary>
    /// How to start this executable again with the same arguments: through the <c>dotnet</c> host with the entry assembly
    /// when that is how this process runs, otherwise the application host itself.
    /// </summary>
    public static ProcessStartInfo StartInfo(string processPath, string entryAssembly, string[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(processPath);
        ArgumentNullException.ThrowIfNull(args);
        var info = new ProcessStartInfo(processPath) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            ArgumentException.ThrowIfNullOrEmpty(entryAssembly);
            info.ArgumentList.Add(entryAssembly);
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment[DelayVariable] = "0";
        return info;
    }

    /// <summary>
    /// Runs the verb in the child and returns its exit code, or null when the child could not be started (the caller
    /// then runs the verb here).
    /// </summary>
    public static async Task<int?> RunAsync(string[] args)
    {
        var processPath = Environment.ProcessPath;
        if (string.IsNullOrEmpty(processPath))
        {
            return null;
        }
        // Ctrl+C in a terminal reaches both processes; a signal sent to this one alone (kill, timeout, a service manager)
        // stops the child with it rather than leave it replaying on its own. Listened for before the child starts, so no
        // signal falls between the two. (SIGKILL cannot be caught: the child then finishes its replay on its own.)
        var stop = new ChildStopper();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, stop.Handle);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, stop.Handle);
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, stop.Handle);
        Process? child;
        try
        {
            child = Process.Start(StartInfo(processPath, Environment.GetCommandLineArgs()[0], args));
        }
        catch (Win32Exception)
        {
            child = null;
        }
        if (child is null)
        {
            // Not started: the verb runs here, unless a stop signal came meanwhile (which the handlers kept from ending
            // this process): then it ends as an interrupted command does.
            return stop.StopRequested ? InterruptedExitCode : null;
        }
        using (child)
        {
            stop.Watch(child);
            await child.WaitForExitAsync();
            return child.ExitCode;
        }
    }

    // Kills the child on a signal (this process then ends when the child has, with its exit code), or as soon as it
    // starts when the signal came first.
    private sealed class ChildStopper
    {
        private readonly Lock _gate = new();
        private Process? _child;
        private bool _stopRequested;

        public bool StopRequested
        {
            get
            {
                lock (_gate)
                {
                    return _stopRequested;
                }
            }
        }

        public void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            lock (_gate)
            {
                _stopRequested = true;
                Kill(_child);
            }
        }

        public void Watch(Process child)
        {
            lock (_gate)
            {
                _child = child;
                if (_stopRequested)
                {
                    Kill(child);
                }
            }
        }

        private static void Kill(Process? child)
        {
            try
            {
                child?.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
            {
                // Already exited.
            }
        }
    }
}
