using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Credentials;

/// <summary>
/// A migrated SQLite file (<see cref="SqliteTestDatabase"/>) and a temporary data folder, with <see cref="OkxKeyStore"/>
/// wired as the portal wires it (<c>AddOkxKeys</c>). Each <see cref="Start"/> builds a fresh service provider, like a
/// portal restart: only the database and the key folder carry over.
/// </summary>
public sealed class OkxKeysTestHarness : IAsyncDisposable
{
    public const string Owner = "alice-id";
    public const string OtherUser = "bob-id";
    public const string ApiKey = "3f1c2b7e-55aa-4c1d-9e0f-8a7b6c5d4e3f";
    public const string Secret = "9A8B7C6D5E4F3A2B1C0D9E8F7A6B5C4D";
    public const string Passphrase = "Corr3ct-Horse!";

    private readonly SqliteTestDatabase _database = new();
    private readonly List<ServiceProvider> _providers = [];

    public OkxKeysTestHarness()
    {
        DataFolder = Path.Combine(Path.GetTempPath(), "breakoutbot-keys-" + Guid.NewGuid().ToString("N"));
        using var db = new SqliteBreakoutBotDbContext(new DbContextOptionsBuilder<SqliteBreakoutBotDbContext>().UseSqlite(_database.ConnectionString).Options);
        db.Database.Migrate();
    }

    public string DataFolder { get; }

    public RecordingAuditLog Audit { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public RecordingConnectionTester Tester { get; } = new();

    /// <summary>A store on a new service provider; <paramref name="keysFolder"/> overrides <c>DataProtection:KeysFolder</c>.</summary>
    public OkxKeyStore Start(bool withTester = true, string? keysFolder = null)
    {
        var settings = new Dictionary<string, string?> { ["Database:DataFolder"] = DataFolder };
        if (keysFolder is not null)
        {
            settings["DataProtection:KeysFolder"] = keysFolder;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IAuditLog>(Audit)
            .AddDbContextFactory<BreakoutBotDbContext>(o => o.UseSqlite(_database.ConnectionString));
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName);
        services.AddOkxKeys();
        if (withTester)
        {
            services.AddSingleton<IOkxConnectionTester>(Tester);
        }
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _providers.Add(provider);
        return provider.CreateScope().ServiceProvider.GetRequiredService<OkxKeyStore>();
    }

    public Task<OkxKeySaveResult> SaveAsync(OkxKeyStore store, string owner = Owner, string label = "Main", bool isDemo = true) =>
        store.SaveAsync(owner, label, ApiKey, Secret, Passphrase, isDemo, owner + "-name", TestContext.Current.CancellationToken);

    /// <summary>Every column of every stored key-set row, as text, straight from the database file.</summary>
    public async Task<IReadOnlyList<string>> RawRowsAsync()
    {
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM OkxKeySets";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(string.Join(" | ", values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    /// <summary>The secret texts that must never show up outside the store.</summary>
    public static IEnumerable<string> SecretTexts => [ApiKey, Secret, Passphrase];

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
        _database.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing was written
        }
    }
}
