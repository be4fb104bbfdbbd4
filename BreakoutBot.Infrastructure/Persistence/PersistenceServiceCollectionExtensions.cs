using BreakoutBot.Domain.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// The database (<c>Database:Provider</c> = Sqlite | Postgres, <c>ConnectionStrings:BreakoutBot</c>; SQLite defaults
    /// to <c>{Database:DataFolder}/BreakoutBot.db</c> in WAL mode): a pooled <c>IDbContextFactory&lt;BreakoutBotDbContext&gt;</c>
    /// and a scoped <see cref="BreakoutBotDbContext"/> (for Identity), the start-up <see cref="DatabaseMigrator"/>, the
    /// engine events' write-behind queue (<see cref="EngineEventWriter"/> as <see cref="IEngineEventSink"/>) and the audit
    /// log (<see cref="EfAuditLog"/> as <see cref="IAuditLog"/>).
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var database = ReadOptions(configuration);
        var configured = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(configured),
                $"Database:Provider is Postgres but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is empty.")
            .ValidateOnStart();
        services.AddOptions<WriteBehindOptions>()
            .Bind(configuration.GetSection(WriteBehindOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Every write-behind batch is a command; keep them out of the console unless they fail.
        services.AddLogging(b => b.AddFilter(DbLoggerCategory.Database.Command.Name, LogLevel.Warning));

        // Resolved lazily (first context) so that a bad Postgres setting is reported by the start-up validation above.
        var connectionString = new Lazy<string>(() => DatabaseProviderSetup.ResolveConnectionString(database, configured));
        if (database.Provider == DatabaseProvider.Postgres)
        {
            AddContext<PostgresBreakoutBotDbContext>(services, b => DatabaseProviderSetup.UsePostgresDatabase(b, connectionString.Value));
        }
        else
        {
            AddContext<SqliteBreakoutBotDbContext>(services, b => DatabaseProviderSetup.UseSqliteDatabase(b, connectionString.Value));
        }

        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseMigrator>());

        services.AddOptions<Journal.JournalOptions>()
            .Bind(configuration.GetSection(Journal.JournalOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<Journal.DecisionJournalWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<Journal.DecisionJournalWriter>());
        services.AddSingleton<EngineEventWriter>();
        services.AddSingleton<IEngineEventSink>(sp => sp.GetRequiredService<EngineEventWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<EngineEventWriter>());

        services.AddSingleton<EfAuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<EfAuditLog>());
        services.AddHostedService(sp => sp.GetRequiredService<EfAuditLog>());
        return services;
    }

    private static DatabaseOptions ReadOptions(IConfiguration configuration)
    {
        var options = new DatabaseOptions();
        try
        {
            configuration.GetSection(DatabaseOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException(
                $"Bad Database settings ({ex.InnerException?.Message ?? ex.Message}); Database:Provider must be Sqlite or Postgres.", ex);
        }
        return options;
    }

    private static void AddContext<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : BreakoutBotDbContext
    {
        services.AddPooledDbContextFactory<TContext>(configure);
        services.AddSingleton<IDbContextFactory<BreakoutBotDbContext>>(
            sp => new ProviderDbContextFactory<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<BreakoutBotDbContext>>().CreateDbContext());
    }
}
