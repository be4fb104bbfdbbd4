using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BreakoutBot.Tests.TestSupport.Servers;

/// <summary>
/// A throw-away Redis server on 127.0.0.1 (Debian's <c>redis-server</c>, no persistence), stopped on dispose.
/// Tests call <see cref="SkipUnlessAvailable"/> first: without the binary they skip with the reason.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly string? Binary = LoopbackServerProcess.FindBinary("redis-server",
        Environment.GetEnvironmentVariable("BREAKOUTBOT_REDIS_SERVER") ?? "", "/usr/bin/redis-server");
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _folder;

    private RedisServer(Process process, StringBuilder output, string folder, int port)
    {
        _process = process;
        _output = output;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Output => LoopbackServerProcess.Read(_output);

    public static string? UnavailableReason => Binary is null
        ? "redis-server is not installed (CI installs Debian's redis-server; set BREAKOUTBOT_REDIS_SERVER to its path)."
        : null;

    public static void SkipUnlessAvailable()
    {
        if (UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    /// <param name="port">The port to listen on (one a test configured before Redis was up); a free one when null.</param>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken, int? port = null)
    {
        var binary = Binary ?? throw new InvalidOperationException(UnavailableReason);
        var folder = Path.Combine(Path.GetTempPath(), "breakoutbot-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        port ??= LoopbackServerProcess.FreePort();
        var output = new StringBuilder();
        var process = LoopbackServerProcess.StartServer(binary,
            ["--port", port.Value.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", folder, "--protected-mode", "yes"], output);
        var redis = new RedisServer(process, output, folder, port.Value);
        try
        {
            await LoopbackServerProcess.WaitForPortAsync(process, port.Value, output, "Redis", cancellationToken);
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
        return redis;
    }

    public async ValueTask DisposeAsync()
    {
        await LoopbackServerProcess.StopAsync(_process);
        LoopbackServerProcess.DeleteFolder(_folder);
    }
}
