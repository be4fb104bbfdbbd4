using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add … --context PostgresBreakoutBotDbContext</c> build the model without a server
/// (adding a migration never connects). <c>dotnet ef database update</c> uses the <c>BREAKOUTBOT_POSTGRES</c>
/// environment variable when set.
/// </summary>
public sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresBreakoutBotDbContext>
{
    public PostgresBreakoutBotDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("BREAKOUTBOT_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=localhost;Database=breakoutbot;Username=breakoutbot";
        var builder = new DbContextOptionsBuilder<PostgresBreakoutBotDbContext>();
        DatabaseProviderSetup.UsePostgresDatabase(builder, connectionString);
        return new PostgresBreakoutBotDbContext(builder.Options);
    }
}
