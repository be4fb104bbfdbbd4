using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>
/// Applies the configured provider's pending migrations: before any other hosted service starts (unless
/// <c>Database:MigrateOnStartup</c> is false), and on demand for the <c>migrate</c> CLI verb. A SQLite file that already
/// has migrations applied is copied first (<c>Database:BackupBeforeMigrating</c>).
/// </summary>
public sealed class DatabaseMigrator(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger) : IHostedLifecycleService
{
    /// <summary>Applies every pending migration; returns the names of those applied (empty when up to date).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Database ({Provider}) is up to date.", db.Database.ProviderName);
            return pending;
        }
        logger.LogInformation("Applying {Count} migration(s) to the {Provider} database: {Migrations}",
            pending.Count, db.Database.ProviderName, string.Join(", ", pending));
        if (options.Value.BackupBeforeMigrating && db.Database.IsSqlite() && (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            await BackUpSqliteAsync(db, pending[0], cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }

    // A consistent copy through SQLite's online backup (the WAL's pages included), next to the file. An earlier copy for the
    // same migration is kept: it was taken before a run that did not finish, so it is the one from before any change.
    private async Task BackUpSqliteAsync(BreakoutBotDbContext db, string firstPending, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var file = connection.DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.Memory)
        {
            return;
        }
        var backup = $"{Path.GetFullPath(file)}.before-{firstPending}.bak";
        if (File.Exists(backup))
        {
            logger.LogWarning("Kept the earlier backup {Backup}, taken before these migrations were first tried.", backup);
            return;
        }
        // Written under another name and renamed when complete, so a copy that failed half-way (a full disk) is never the
        // one kept for the next try.
        var partial = backup + ".partial";
        File.Delete(partial);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                // The copy holds what the database holds (password and token hashes, encrypted keys): the same mode.
                EmptyFile.Create(partial, File.GetUnixFileMode(file));
            }
            var target = new SqliteConnectionStringBuilder { DataSource = partial, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
            await using (var copy = new SqliteConnection(target))
            {
                await copy.OpenAsync(cancellationToken);
                connection.BackupDatabase(copy);
            }
            File.Move(partial, backup);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        logger.LogInformation("Backed up the SQLite database to {Backup} before migrating.", backup);
    }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStartup)
        {
            await MigrateAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
