using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using BreakoutBot.Tests.TestSupport.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

/// <summary>
/// The migration that stores the kill switch on the engine's row fills it in for engines stored before it, from their
/// transitions: the latest kill-switch EMERGENCY that no reset (a transition to IDLE) followed, whatever came after it.
/// </summary>
public sealed class KillSwitchBackfillTests
{
    private const string Migration = "_PersistEngineKillSwitch";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SqliteEnginesStoredBeforeTheColumnKeepTheirFiredKillSwitch()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false);
        await BackfillsEveryCaseAsync(database);
    }

    [Fact]
    public async Task PostgresEnginesStoredBeforeTheColumnKeepTheirFiredKillSwitch()
    {
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        var connectionString = await server.CreateDatabaseAsync(Ct);
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false, settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:BreakoutBot"] = connectionString,
        });
        await BackfillsEveryCaseAsync(database);
    }

    private static async Task BackfillsEveryCaseAsync(PersistenceTestDatabase database)
    {
        await using (var db = await database.OpenAsync())
        {
            // The database as the release before the column left it.
            var all = db.Database.GetMigrations().ToList();
            var index = all.FindIndex(m => m.EndsWith(Migration, StringComparison.Ordinal));
            index.ShouldBeGreaterThan(0);
            await db.GetService<IMigrator>().MigrateAsync(all[index - 1], Ct);

            // Fired, then restored in emergency after a restart, then stopped: the last transition is not the kill switch.
            await EngineAsync(db, "fired",
                (TradingState.Scanning, TradingState.Emergency, "kill switch: kill switch pressed"),
                (TradingState.Idle, TradingState.Initializing, "restored after a restart"),
                (TradingState.Initializing, TradingState.Emergency, "restored after a restart (was in emergency)"),
                (TradingState.Emergency, TradingState.Stopped, "stop requested"));
            await EngineAsync(db, "reset",
                (TradingState.Managing, TradingState.Emergency, "kill switch: Daily loss 6.0% reached the kill-switch limit 5.0%."),
                (TradingState.Emergency, TradingState.Idle, "operator reset"));
            await EngineAsync(db, "fired-again",
                (TradingState.Scanning, TradingState.Emergency, "kill switch: first"),
                (TradingState.Emergency, TradingState.Idle, "operator reset"),
                (TradingState.Idle, TradingState.Initializing, "start"),
                (TradingState.Scanning, TradingState.Emergency, "kill switch: second"),
                (TradingState.Emergency, TradingState.Stopped, "moved from node a to node b (no preset to restore)"));
            await EngineAsync(db, "emergency-stop", (TradingState.Scanning, TradingState.Emergency, "emergency stop pressed"));
        }

        await database.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);

        await using var migrated = await database.OpenAsync();
        var rows = await migrated.Engines.AsNoTracking().ToDictionaryAsync(e => e.Id, Ct);
        rows["fired"].KillSwitchReason.ShouldBe("kill switch pressed");
        rows["fired"].KillSwitchFiredAt.ShouldBe(T0.AddMinutes(1));
        rows["reset"].KillSwitchFiredAt.ShouldBeNull();
        rows["reset"].KillSwitchReason.ShouldBeNull();
        rows["fired-again"].KillSwitchReason.ShouldBe("second");
        rows["fired-again"].KillSwitchFiredAt.ShouldBe(T0.AddMinutes(4));
        rows["emergency-stop"].KillSwitchFiredAt.ShouldBeNull();
    }

    /// <summary>An engine row in the schema before the column (written in SQL: the model has the column), and its transitions one minute apart.</summary>
    private static async Task EngineAsync(BreakoutBotDbContext db, string id, params (TradingState From, TradingState To, string Reason)[] transitions)
    {
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Engines" ("Id", "Name", "PresetName", "Mode", "PaperStartingBalance", "CreatedAt", "OptionsJson", "Generation", "LastKnownState")
            VALUES ({id}, {id}, 'breakout_v1', 'Paper', 10000, 0, 'null', 1, 'Stopped')
            """, Ct);
        var minute = 0;
        foreach (var (from, to, reason) in transitions)
        {
            // One at a time, so the ids follow the order.
            db.StateTransitions.Add(new StateTransitionEntity { EngineId = id, From = from, To = to, Reason = reason, Time = T0.AddMinutes(++minute) });
            await db.SaveChangesAsync(Ct);
        }
    }
}
