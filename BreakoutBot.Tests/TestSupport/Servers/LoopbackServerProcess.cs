using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BreakoutBot.Tests.TestSupport.Servers;

/// <summary>
/// Shared plumbing of the loopback servers the cluster tests start (PostgreSQL, Redis): finding a Debian binary,
/// a free port, running a command to completion, and waiting with a deadline until a TCP port accepts connections.
/// </summary>
internal static class LoopbackServerProcess
{
    /// <summary>The first existing file among <paramref name="candidates"/>, else the name found on PATH, else null.</summary>
    public static string? FindBinary(string name, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a command to its end; throws with its output when it fails.</summary>
    public static async Task RunAsync(string file, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        using var process = Start(file, arguments);
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        output.Append(await stdout).Append(await stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' failed ({process.ExitCode}):\n{output}");
        }
    }

    /// <summary>Starts a long-running server; its output is collected into <paramref name="output"/>.</summary>
    public static Process StartServer(string file, IEnumerable<string> arguments, StringBuilder output)
    {
        var process = Start(file, arguments);
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitForPortAsync(Process process, int port, StringBuilder output, string what, CancellationToken cancellationToken)
    {
        var up = await Eventually.TryWaitUntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{what} exited at start-up:\n{Read(output)}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), poll: TimeSpan.FromMilliseconds(100));
        if (!up)
        {
            throw new TimeoutException($"{what} did not listen on 127.0.0.1:{port} within 30 s:\n{Read(output)}");
        }
    }

    public static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the server may still hold a file for a moment
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }

    public static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static Process Start(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
    }
}
