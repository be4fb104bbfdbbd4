using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteBreakoutBotDbContext</c> build the model without the web host.</summary>
public sealed class SqliteDesignTimeDbContextFactory : IDesignTimeDbContextFactory<SqliteBreakoutBotDbContext>
{
    public SqliteBreakoutBotDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteBreakoutBotDbContext>();
        DatabaseProviderSetup.UseSqliteDatabase(builder, "Data Source=" + Path.Combine("data", DatabaseOptions.DefaultSqliteFileName));
        return new SqliteBreakoutBotDbContext(builder.Options);
    }
}
