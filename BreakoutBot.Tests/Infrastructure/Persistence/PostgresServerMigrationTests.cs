using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

/// <summary>The PostgreSQL provider against a real server on loopback (skipped when PostgreSQL is not installed).</summary>
public sealed class PostgresServerMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryMigrationAppliesToAnEmptyPostgresDatabaseAndLeavesNothingPending()
    {
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false, settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:BreakoutBot"] = await server.CreateDatabaseAsync(Ct),
        });

        var applied = await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);

        applied.ShouldNotBeEmpty();
        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BreakoutBotDbContext>();
        (await db.Database.GetPendingMigrationsAsync(Ct)).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync(Ct)).Count().ShouldBe(applied.Count);
        // The schema is usable through the provider.
        (await db.Users.CountAsync(Ct)).ShouldBe(0);
    }
}
