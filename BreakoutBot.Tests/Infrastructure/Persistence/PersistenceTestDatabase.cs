using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

/// <summary>
/// A real SQLite database in a temporary file, wired exactly as the portal wires it (<c>AddPersistence</c>), with the
/// write-behind settings a test asks for. Deleted on dispose.
/// </summary>
public sealed class PersistenceTestDatabase : IAsyncDisposable
{
    private readonly string _folder;

    private PersistenceTestDatabase(string folder, ServiceProvider services, FakeTimeProvider time)
    {
        _folder = folder;
        Services = services;
        Time = time;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>
    /// Waits for <paramref name="condition"/> while the write-behind queues run: each poll moves <see cref="Time"/> on by
    /// their flush interval, so a partly filled batch (which waits for more on this clock) is written.
    /// </summary>
    public Task WaitForWritesAsync(Func<bool> condition, string what) =>
        Eventually.WaitUntilAsync(() =>
        {
            Time.Advance(Services.GetRequiredService<IOptions<WriteBehindOptions>>().Value.FlushInterval);
            return condition();
        }, what);

    public string FilePath => Path.Combine(_folder, DatabaseOptions.DefaultSqliteFileName);

    public IDbContextFactory<BreakoutBotDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>();

    /// <summary>Creates the database (migrated unless <paramref name="migrate"/> is false) with the given extra settings.</summary>
    public static async Task<PersistenceTestDatabase> CreateAsync(
        bool migrate = true,
        int queueCapacity = 10_000,
        int batchSize = 500,
        int flushIntervalMs = 20,
        IDictionary<string, string?>? settings = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "breakoutbot-tests", Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = folder,
            ["Database:WriteBehind:QueueCapacity"] = queueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Database:WriteBehind:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Database:WriteBehind:FlushIntervalMs"] = flushIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddPersistence(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var database = new PersistenceTestDatabase(folder, services, time);
        if (migrate)
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        }
        return database;
    }

    public async Task<BreakoutBotDbContext> OpenAsync() => await Contexts.CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temp folder is cleaned by the OS.
        }
    }
}
