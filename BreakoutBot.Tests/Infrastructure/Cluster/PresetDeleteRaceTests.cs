using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Servers;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// A preset deleted on one node while an engine is created with it on another, on one PostgreSQL database: exactly one of
/// the two succeeds, and the database agrees (the preset and the engine's row both there, or neither). The interleaving is
/// forced, not hoped for: the first of them is held inside its transaction at the moment the race is lost without the
/// preset's row lock (the delete after its engine check, the creation before it inserts the engine's row), the second
/// starts, and the first is let go once the second waits for a lock (or has finished: the race was lost). Skipped when
/// PostgreSQL is not installed.
/// </summary>
public sealed class PresetDeleteRaceTests
{
    private const string EngineName = "Raced engine";

    private static readonly ClaimsPrincipal Owner = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "trader-1"), new Claim(ClaimTypes.Name, "trader@test.local"), new Claim(ClaimTypes.Role, Roles.Trader)], "test"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ADeleteAndACreationOfTheSamePresetOnTwoNodesNeverBothSucceed(bool deleteFirst)
    {
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        var connectionString = await server.CreateDatabaseAsync(Ct);
        await ClusterTestNode.MigrateAsync(connectionString, Ct);
        await using var a = await PresetRaceNode.StartAsync(connectionString, Ct);
        await using var b = await PresetRaceNode.StartAsync(connectionString, Ct);
        await a.Presets.SeedCatalogAsync(Ct);
        const string preset = "raced_preset";
        (await a.Presets.CloneAsync(Owner, "breakout_v1", preset, cancellationToken: Ct)).Success.ShouldBeTrue();

        // Node a deletes, node b creates; the first one is held just before its decisive write.
        Task<PresetSaveResult> Delete() => Task.Run(() => a.Presets.DeleteAsync(Owner, preset, [], Ct));
        Task<(EngineCommandOutcome Outcome, EngineHandle? Handle)> Create() => Task.Run(() => b.Commands.CreateAsync(Owner, EngineName, preset,
            new EngineCreateOptions { Bars = 500, Instruments = 2, WarmupBars = 0 }, Ct));
        var first = deleteFirst ? a : b;
        first.Pause.Arm(deleteFirst ? "DELETE FROM \"Presets\"" : "INSERT INTO \"Engines\"");
        var delete = deleteFirst ? Delete() : null;
        var create = deleteFirst ? null : Create();
        await first.Pause.Reached.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        delete ??= Delete();
        create ??= Create();
        Task second = deleteFirst ? create : delete;
        await Eventually.WaitUntilAsync(async () => second.IsCompleted || await SessionsWaitingForALockAsync(connectionString) > 0,
            "the second waits for the first's lock (or has finished)", TimeSpan.FromSeconds(30));
        first.Pause.Release();
        var deleted = await delete;
        var (created, handle) = await create;

        (deleted.Success ^ created.Success).ShouldBeTrue(
            $"exactly one may succeed; delete: {deleted.Status} '{deleted.Message}', create: {created.Status} '{created.Message}'");
        var (presetStored, engineRows) = await StoredAsync(a, preset);
        if (deleteFirst)
        {
            deleted.Success.ShouldBeTrue(deleted.Message);
            created.Status.ShouldBe(EngineCommandStatus.Refused);
            created.Message.ShouldBe($"Preset '{preset}' was deleted; choose another preset.");
            handle.ShouldBeNull();
            b.Registry.ListAll().ShouldBeEmpty("nothing of the refused engine on its node");
            presetStored.ShouldBeFalse();
            engineRows.ShouldBe(0, "no engine row without its preset");
        }
        else
        {
            created.Success.ShouldBeTrue(created.Message);
            deleted.Status.ShouldBe(PresetSaveStatus.Conflict);
            deleted.Message.ShouldContain(EngineName);
            presetStored.ShouldBeTrue();
            engineRows.ShouldBe(1, "the engine is stored with the preset it trades");
        }
    }

    private static async Task<(bool Preset, int EngineRows)> StoredAsync(PresetRaceNode node, string preset)
    {
        await using var db = await node.CreateDbContextAsync(Ct);
        return (await db.Presets.AnyAsync(p => p.Name == preset, Ct), await db.Engines.CountAsync(e => e.PresetName == preset, Ct));
    }

    private static async Task<long> SessionsWaitingForALockAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
