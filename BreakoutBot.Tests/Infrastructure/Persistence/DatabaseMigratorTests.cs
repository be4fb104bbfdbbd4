using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

public sealed class DatabaseMigratorTests
{
    private static readonly string[] Tables =
    [
        "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "Presets", "PresetVersions", "Engines", "EngineRuns",
        "Signals", "Orders", "Fills", "Positions", "StateTransitions", "EquitySnapshots", "AuditLog",
    ];

    [Fact]
    public async Task MigrationsCreateEveryTableOnAnEmptyDatabase()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false);

        var applied = await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        applied.ShouldNotBeEmpty();
        var tables = await ReadTableNamesAsync(database.FilePath);
        foreach (var table in Tables)
        {
            tables.ShouldContain(table);
        }
        (await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task StartupMigratesBeforeOtherServicesStart()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false);
        var migrator = database.Services.GetRequiredService<DatabaseMigrator>();

        await migrator.StartingAsync(CancellationToken.None);

        await using var db = await database.OpenAsync();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await ReadTableNamesAsync(database.FilePath)).ShouldContain("StateTransitions");
    }

    [Fact]
    public async Task SqliteDatabaseRunsInWalMode()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        await using var db = await database.OpenAsync();

        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        var mode = (string?)await command.ExecuteScalarAsync();

        mode.ShouldBe("wal");
    }

    [Fact]
    public async Task DefaultSqliteFileIsCreatedInTheDataFolder()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();

        File.Exists(database.FilePath).ShouldBeTrue(database.FilePath);
    }

    [Fact]
    public async Task SqliteModelHasNoChangesMissingFromItsMigrations()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        await using var db = await database.OpenAsync();

        db.ShouldBeOfType<SqliteBreakoutBotDbContext>();
        db.Database.HasPendingModelChanges().ShouldBeFalse("run Migrations/add-migration.sh after changing the model");
    }

    [Fact]
    public void PostgresModelHasNoChangesMissingFromItsMigrations()
    {
        using var db = new PostgresDesignTimeDbContextFactory().CreateDbContext([]);

        db.Database.HasPendingModelChanges().ShouldBeFalse("run Migrations/add-migration.sh after changing the model");
    }

    [Fact]
    public void EachProviderAppliesOnlyItsOwnMigrations()
    {
        using var sqlite = new SqliteDesignTimeDbContextFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeDbContextFactory().CreateDbContext([]);

        var sqliteMigrations = sqlite.GetService<IMigrationsAssembly>().Migrations.Values.ToList();
        var postgresMigrations = postgres.GetService<IMigrationsAssembly>().Migrations.Values.ToList();

        sqliteMigrations.ShouldNotBeEmpty();
        postgresMigrations.ShouldNotBeEmpty();
        sqliteMigrations.ShouldAllBe(t => t.Namespace == "BreakoutBot.Infrastructure.Migrations.Sqlite");
        postgresMigrations.ShouldAllBe(t => t.Namespace == "BreakoutBot.Infrastructure.Migrations.Postgres");
    }

    [Fact]
    public async Task PostgresSettingResolvesThePostgresContext()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false, settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:BreakoutBot"] = "Host=127.0.0.1;Database=breakoutbot;Username=test",
        });
        using var scope = database.Services.CreateScope();

        var db = scope.ServiceProvider.GetRequiredService<BreakoutBotDbContext>();

        db.ShouldBeOfType<PostgresBreakoutBotDbContext>();
        db.Database.ProviderName.ShouldBe("Npgsql.EntityFrameworkCore.PostgreSQL");
    }

    [Fact]
    public async Task PostgresWithoutConnectionStringFailsValidationNamingTheSetting()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false, settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
        });

        var error = Should.Throw<OptionsValidationException>(() => database.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value);

        error.Message.ShouldContain("ConnectionStrings:BreakoutBot");
    }

    [Fact]
    public async Task UnknownProviderIsRejectedNamingTheChoices()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => PersistenceTestDatabase.CreateAsync(migrate: false, settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Oracle",
        }));

        error.Message.ShouldContain("Sqlite or Postgres");
    }

    [Fact]
    public async Task ADatabaseThatHoldsDataIsCopiedBeforeItsMigrationsAndTheCopyIsTheOldOne()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false);
        var (all, last) = await MigrateToAllButLastAsync(database);

        var applied = await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        applied.ShouldBe([last]);
        var backup = $"{database.FilePath}.before-{last}.bak";
        File.Exists(backup).ShouldBeTrue(backup);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(backup).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, "the copy is as private as the database");
        }
        (await ReadMigrationHistoryAsync(backup)).ShouldBe(all[..^1]);
        (await ReadMigrationHistoryAsync(database.FilePath)).ShouldBe(all);
        // Up to date: nothing applied, nothing copied again.
        (await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync()).ShouldBeEmpty();
        BackupsIn(database.FilePath).ShouldBe([backup]);
    }

    [Fact]
    public async Task AnEarlierCopyForTheSameMigrationsIsKept()
    {
        // A copy left by a run that did not finish is the one from before any change: it is not overwritten.
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false);
        var (_, last) = await MigrateToAllButLastAsync(database);
        var backup = $"{database.FilePath}.before-{last}.bak";
        await File.WriteAllTextAsync(backup, "the earlier copy", TestContext.Current.CancellationToken);

        await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        (await File.ReadAllTextAsync(backup, TestContext.Current.CancellationToken)).ShouldBe("the earlier copy");
    }

    [Fact]
    public async Task ACopyLeftHalfWrittenIsNotTakenForTheEarlierCopy()
    {
        // A copy interrupted (a full disk, a crash) leaves only its partial file: the next try copies again, completely.
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false);
        var (all, last) = await MigrateToAllButLastAsync(database);
        var backup = $"{database.FilePath}.before-{last}.bak";
        await File.WriteAllTextAsync(backup + ".partial", "half a copy", TestContext.Current.CancellationToken);

        await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        (await ReadMigrationHistoryAsync(backup)).ShouldBe(all[..^1]);
        File.Exists(backup + ".partial").ShouldBeFalse();
    }

    [Fact]
    public async Task ANewDatabaseOrTheSettingOffMakesNoCopy()
    {
        await using (var fresh = await PersistenceTestDatabase.CreateAsync())
        {
            BackupsIn(fresh.FilePath).ShouldBeEmpty();
        }
        await using var off = await PersistenceTestDatabase.CreateAsync(migrate: false, settings: new Dictionary<string, string?> { ["Database:BackupBeforeMigrating"] = "false" });
        await MigrateToAllButLastAsync(off);

        (await off.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync()).ShouldHaveSingleItem();

        BackupsIn(off.FilePath).ShouldBeEmpty();
    }

    // The database at every migration but the last, as a portal of the previous release left it.
    private static async Task<(string[] All, string Last)> MigrateToAllButLastAsync(PersistenceTestDatabase database)
    {
        await using var db = await database.OpenAsync();
        var all = db.Database.GetMigrations().ToArray();
        await db.GetService<IMigrator>().MigrateAsync(all[^2]);
        return (all, all[^1]);
    }

    private static string[] BackupsIn(string databaseFile) =>
        Directory.GetFiles(Path.GetDirectoryName(databaseFile)!, Path.GetFileName(databaseFile) + ".before-*.bak");

    private static async Task<string[]> ReadMigrationHistoryAsync(string file) =>
        [.. await QueryTextsAsync(file, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId;")];

    private static Task<List<string>> ReadTableNamesAsync(string file) =>
        QueryTextsAsync(file, "SELECT name FROM sqlite_master WHERE type = 'table';");

    // The first column of every row of a query, read without a pooled connection (so the file is not held open).
    private static async Task<List<string>> QueryTextsAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var texts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }
        return texts;
    }
}
