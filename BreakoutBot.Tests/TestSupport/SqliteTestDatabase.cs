using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>
/// An in-memory SQLite database for portal tests: one open connection shared by every DbContext (the database lives
/// as long as the connection, so two app starts can share it). Replaces any BreakoutBotDbContext registration and
/// creates the schema before any other hosted service starts (migrations if there are any, else the model).
/// </summary>
public sealed class SqliteTestDatabase : IDisposable
{
    public SqliteTestDatabase()
    {
        Connection = new SqliteConnection("Data Source=:memory:");
        Connection.Open();
    }

    public SqliteConnection Connection { get; }

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

        services.AddDbContextFactory<BreakoutBotDbContext>(o => o.UseSqlite(Connection));
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContext());
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SchemaCreator>());
    }

    public void Dispose() => Connection.Dispose();

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
