using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

/// <summary>
/// The portal's SQLite file holds the password and token hashes and the encrypted OKX keys: a new one is readable and
/// writable by the portal's user only, its WAL file too; a file the operator made keeps its mode.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SqliteFileModeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bb-sqlite-mode-").FullName;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void ANewDatabaseFileAndItsWalAreTheOwnersOnlyAndHoldADatabase()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only");
        var data = Path.Combine(_folder, "data");

        var connectionString = DatabaseProviderSetup.ResolveConnectionString(new DatabaseOptions { DataFolder = data }, null);

        var file = Path.Combine(data, DatabaseOptions.DefaultSqliteFileName);
        File.GetUnixFileMode(file).ShouldBe(OwnerOnly);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
        command.ExecuteNonQuery();
        File.GetUnixFileMode(file + "-wal").ShouldBe(OwnerOnly, "SQLite gives the WAL file the database's mode");
        command.CommandText = "SELECT count(*) FROM t";
        Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void AFileTheOperatorMadeKeepsItsMode()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only");
        var file = Path.Combine(_folder, "shared.db");
        File.WriteAllBytes(file, []);
        var shared = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        File.SetUnixFileMode(file, shared);

        DatabaseProviderSetup.ResolveConnectionString(new DatabaseOptions(), "Data Source=" + file);

        File.GetUnixFileMode(file).ShouldBe(shared);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
