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

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder of the SQLite file when <c>ConnectionStrings:BreakoutBot</c> is empty.</summary>
    [Required]
    public string DataFolder { get; set; } = "data";
}
