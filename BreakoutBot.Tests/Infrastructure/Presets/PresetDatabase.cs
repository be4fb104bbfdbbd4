using System.Security.Claims;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Presets;

/// <summary>An in-memory SQLite database with the schema and the shipped presets seeded, and a <see cref="PresetStore"/> on it.</summary>
public sealed class PresetDatabase : IAsyncDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private ServiceProvider _services = null!;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public RecordingAuditLog Audit { get; } = new();

    public IDbContextFactory<BreakoutBotDbContext> Contexts { get; private set; } = null!;

    public PresetStore Store { get; private set; } = null!;

    /// <param name="cancellationToken">Cancels the set-up.</param>
    /// <param name="file">
    /// A SQLite database file (e.g. <see cref="TestSupport.SqliteTestDatabase"/>'s) with one connection per context, for
    /// code that uses the database from several threads at once; null: one shared in-memory connection.
    /// </param>
    public static async Task<PresetDatabase> CreateAsync(CancellationToken cancellationToken, string? file = null)
    {
        var db = new PresetDatabase();
        await db._connection.OpenAsync(cancellationToken);
        db._services = new ServiceCollection()
            .AddDbContextFactory<BreakoutBotDbContext>(o =>
            {
                if (file is null)
                {
                    o.UseSqlite(db._connection);
                }
                else
                {
                    o.UseSqlite(file);
                }
            })
            .BuildServiceProvider();
        db.Contexts = db._services.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>();
        await using (var context = await db.Contexts.CreateDbContextAsync(cancellationToken))
        {
            await context.Database.EnsureCreatedAsync(cancellationToken);
        }
        db.Store = new PresetStore(db.Contexts, db.Audit, db.Time, NullLogger<PresetStore>.Instance);
        await db.Store.SeedCatalogAsync(cancellationToken);
        return db;
    }

    /// <summary>A signed-in user whose id is <paramref name="id"/> and whose name is <paramref name="name"/> (the id when not given).</summary>
    public static ClaimsPrincipal User(string id, string role, string? name = null) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name ?? id), new Claim(ClaimTypes.Role, role)], "Test"));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
