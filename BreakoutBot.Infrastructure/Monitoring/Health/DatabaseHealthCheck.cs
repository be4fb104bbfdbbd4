using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Monitoring.Health;

/// <summary>Readiness: the database answers one cheap query on the engines table (schema present, file or server reachable).</summary>
public sealed partial class DatabaseHealthCheck(IDbContextFactory<BreakoutBotDbContext> contexts, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Any, not FirstOrDefault: a First without OrderBy makes EF Core log a warning on the first probe.
            await db.Engines.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy("The database answers queries.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception (which may name hosts or files) goes to the log only; the answer names its type.
            LogFailed(logger, ex);
            return HealthCheckResult.Unhealthy($"The database did not answer a query ({ex.GetType().Name}).");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness: the database query failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
