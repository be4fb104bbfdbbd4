using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite = 0,
    Postgres = 1,
}

/// <summary><c>Database:Provider</c> (Sqlite | Postgres) and the data folder for the default SQLite file.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The name under <c>ConnectionStrings</c>: <c>ConnectionStrings:BreakoutBot</c>.</summary>
    public const string ConnectionStringName = "BreakoutBot";

    /// <summary>The SQLite file created in <see cref="DataFolder"/> when no connection string is configured.</summary>
    public const string DefaultSqliteFileName = "BreakoutBot.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder of the SQLite file when <c>ConnectionStrings:BreakoutBot</c> is empty (created if missing).</summary>
    [Required]
    public string DataFolder { get; set; } = "data";

    /// <summary>Apply pending migrations when the portal starts (the <c>migrate</c> CLI verb applies them regardless).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// Copy a SQLite database file that already holds data before applying migrations to it
    /// (<c>{file}.before-{first pending migration}.bak</c>, kept if it exists): some SQLite migrations rebuild tables
    /// outside a transaction, so one that fails half-way cannot be rolled back.
    /// </summary>
    public bool BackupBeforeMigrating { get; set; } = true;
}
