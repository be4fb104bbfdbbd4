using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>
/// A throw-away SQLite database file (WAL) for portal tests. Every DbContext opens its own connection: the portal's
/// background services (write-behind writer, jobs, monitor) use the database at the same time as page requests, and a
/// single shared connection is not safe for that. Two app starts can share it. Replaces any BreakoutBotDbContext
/// registration and creates the schema before any other hosted service starts (migrations if any, else the model).
/// </summary>
public sealed class SqliteTestDatabase : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "breakoutbot-test-" + Guid.NewGuid().ToString("N") + ".db");

    public SqliteTestDatabase()
    {
        var create = new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false, DefaultTimeout = 30 };
        // The portal's connections may open the file but never create it: a background service that opens one after
        // Dispose deleted the file would otherwise leave a new empty database behind in the temp folder.
        ConnectionString = new SqliteConnectionStringBuilder(create.ToString()) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        using var connection = new SqliteConnection(create.ToString());
        connection.Open();
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        wal.ExecuteNonQuery();
    }

    public string ConnectionString { get; }

    public void Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var existing = services
            .Where(d => d.ServiceType == typeof(BreakoutBotDbContext)
                || (d.ServiceType.IsGenericType && d.ServiceType.GenericTypeArguments.Contains(typeof(BreakoutBotDbContext))))
            .ToList();
        foreach (var descriptor in existing)
        {
            services.Remove(descriptor);
        }

        services.AddDbContextFactory<BreakoutBotDbContext>(o => o.UseSqlite(ConnectionString));
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContext());
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SchemaCreator>());
    }

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // best effort: the host may still hold the file for a moment
            }
        }
    }

    private sealed class SchemaCreator(IDbContextFactory<BreakoutBotDbContext> factory) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            if (db.Database.GetMigrations().Any())
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            else
            {
                await db.Database.EnsureCreatedAsync(cancellationToken);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
