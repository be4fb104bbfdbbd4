using System.Diagnostics;
using System.Text;
using Npgsql;

namespace BreakoutBot.Tests.TestSupport.Servers;

/// <summary>
/// A throw-away PostgreSQL server on 127.0.0.1 (Debian's binaries, a fresh cluster in a temporary folder, trust
/// authentication on loopback only), stopped and deleted on dispose. PostgreSQL refuses to run as root, so under root
/// the cluster is owned by and run as the <c>postgres</c> system user. Tests call <see cref="SkipUnlessAvailable"/>
/// first: without the binaries they skip with the reason.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly string? Bin = FindBinDirectory();
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _folder;

    private PostgresServer(Process process, StringBuilder output, string folder, int port)
    {
        _process = process;
        _output = output;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Output => LoopbackServerProcess.Read(_output);

    /// <summary>Why the tests that need PostgreSQL cannot run here, or null when they can.</summary>
    public static string? UnavailableReason => Bin is null
        ? "PostgreSQL's server binaries (initdb, postgres) are not installed (CI installs Debian's postgresql; set BREAKOUTBOT_PG_BIN to their folder)."
        : null;

    public static void SkipUnlessAvailable()
    {
        if (UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        var bin = Bin ?? throw new InvalidOperationException(UnavailableReason);
        var folder = Path.Combine(Path.GetTempPath(), "breakoutbot-pg-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        var port = LoopbackServerProcess.FreePort();
        var asPostgres = LoopbackServerProcess.IsRoot;
        if (asPostgres)
        {
            await LoopbackServerProcess.RunAsync("chown", ["-R", "postgres:postgres", folder], cancellationToken);
        }

        await LoopbackServerProcess.RunAsync(Command(asPostgres, Path.Combine(bin, "initdb")).File,
            Command(asPostgres, Path.Combine(bin, "initdb")).Prefix.Concat(
                ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"]),
            cancellationToken);
        var server = Command(asPostgres, Path.Combine(bin, "postgres"));
        var output = new StringBuilder();
        var process = LoopbackServerProcess.StartServer(server.File, server.Prefix.Concat(
            ["-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-h", "127.0.0.1",
             "-k", folder, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
             "-c", "max_connections=300"]), output);
        var postgres = new PostgresServer(process, output, folder, port);
        try
        {
            await LoopbackServerProcess.WaitForPortAsync(process, port, output, "PostgreSQL", cancellationToken);
            await postgres.WaitUntilAcceptingAsync(cancellationToken);
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
        return postgres;
    }

    /// <summary>Creates a new empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = "bb_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = true,
        MaxPoolSize = 50,
    }.ToString();

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await LoopbackServerProcess.StopAsync(_process);
        LoopbackServerProcess.DeleteFolder(_folder);
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        // The port opens a moment before the server accepts sessions ("the database system is starting up").
        var ready = await Eventually.TryWaitUntilAsync(async () =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync(cancellationToken);
                return true;
            }
            catch (NpgsqlException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), poll: TimeSpan.FromMilliseconds(100));
        if (!ready)
        {
            throw new TimeoutException("PostgreSQL did not accept connections within 30 s:\n" + Output);
        }
    }

    private static (string File, string[] Prefix) Command(bool asPostgres, string binary) =>
        asPostgres ? ("runuser", ["-u", "postgres", "--", binary]) : (binary, []);

    private static string? FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("BREAKOUTBOT_PG_BIN");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(configured))
        {
            candidates.Add(configured);
        }
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(v => Path.Combine(v, "bin")));
        }
        var initdb = LoopbackServerProcess.FindBinary("initdb", candidates.Select(c => Path.Combine(c, "initdb")).ToArray());
        return initdb is not null && File.Exists(Path.Combine(Path.GetDirectoryName(initdb)!, "postgres"))
            ? Path.GetDirectoryName(initdb)
            : null;
    }
}
