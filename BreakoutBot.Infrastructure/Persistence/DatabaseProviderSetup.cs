using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>How each provider is configured: shared by the app, the <c>migrate</c> verb, tests and the design-time factories.</summary>
public static class DatabaseProviderSetup
{
    /// <summary>
    /// The connection string to use: <paramref name="configured"/> when given (for SQLite, the folder of its file is
    /// created), otherwise (SQLite only) <c>Data Source={DataFolder}/BreakoutBot.db</c> with the folder created. A SQLite
    /// file that does not exist yet is created empty, readable and writable by the portal's user only (it holds the
    /// password and token hashes and the encrypted OKX keys; SQLite gives its <c>-wal</c> and <c>-shm</c> files the same
    /// mode); an existing file keeps the mode its operator gave it.
    /// </summary>
    public static string ResolveConnectionString(DatabaseOptions options, string? configured)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new InvalidOperationException(
                    $"Database:Provider is Postgres but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is empty; set it (e.g. Host=...;Database=...;Username=...;Password=...).");
            }
            return configured;
        }
        SqliteConnectionStringBuilder builder;
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (string.IsNullOrWhiteSpace(options.DataFolder))
            {
                throw new InvalidOperationException("Database:DataFolder is empty; name the folder for the SQLite file.");
            }
            builder = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(options.DataFolder, DatabaseOptions.DefaultSqliteFileName),
            };
        }
        else
        {
            try
            {
                builder = new SqliteConnectionStringBuilder(configured);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not a valid SQLite connection string: {ex.Message}", ex);
            }
        }
        EnsureFileOf(builder, string.IsNullOrWhiteSpace(configured)
            ? $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.DataFolder)}"
            : $"ConnectionStrings:{DatabaseOptions.ConnectionStringName}");
        return builder.ToString();
    }

    public static DbContextOptionsBuilder UseSqliteDatabase(DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .UseSqlite(connectionString)
            .AddInterceptors(SqliteWalInterceptor.Instance);
    }

    public static DbContextOptionsBuilder UsePostgresDatabase(DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseNpgsql(connectionString);
    }

    private static void EnsureFileOf(SqliteConnectionStringBuilder builder, string setting)
    {
        var source = builder.DataSource;
        if (string.IsNullOrEmpty(source)
            || source == ":memory:"
            || builder.Mode == SqliteOpenMode.Memory
            || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var file = Path.GetFullPath(source);
        var folder = Path.GetDirectoryName(file);
        if (!string.IsNullOrEmpty(folder))
        {
            StartupFolder.Ensure(folder, setting);
        }
        if (!OperatingSystem.IsWindows() && builder.Mode is SqliteOpenMode.ReadWriteCreate && !File.Exists(file))
        {
            try
            {
                EmptyFile.Create(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process (a second node's migrate, a test) created it meanwhile: it is left as it is.
                return;
            }
            // Made a database in WAL mode at once: EF Core asks whether a database exists over a read-only connection,
            // on which an empty file could not be switched to WAL as every connection of the portal does.
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }
    }
}
