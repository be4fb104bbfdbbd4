using System.Data.Common;
using BreakoutBot.Infrastructure.Persistence;

namespace BreakoutBot.Web.Cli;

/// <summary>
/// <c>migrate</c>: applies the configured database's pending migrations without starting the portal. Reads the
/// same configuration as the portal (appsettings.json, environment variables such as <c>Database__Provider</c> and
/// <c>ConnectionStrings__BreakoutBot</c>).
/// </summary>
public static class MigrateCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        args.EnsureAllUsed();
        using var host = CliHost.Build(settings: null);
        try
        {
            var applied = await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            await output.WriteLineAsync(applied.Count == 0
                ? "Database is up to date."
                : $"Applied {BreakoutBot.Domain.Common.Counted.Of(applied.Count, "migration")}: {string.Join(", ", applied)}");
            return 0;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            throw new CliException("migrate failed: " + ex.Message);
        }
    }
}
