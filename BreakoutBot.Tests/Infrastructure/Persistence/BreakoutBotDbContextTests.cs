using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

public sealed class BreakoutBotDbContextTests
{
    private static readonly DateTimeOffset Created = new(2026, 2, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task PresetWithTwoVersionsIsReadBackByVersion()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        await using (var db = await database.OpenAsync())
        {
            var preset = new PresetEntity { Name = "breakout_v1", LatestVersion = 2, CreatedAt = Created, UpdatedAt = Created.AddDays(1), CreatedBy = "alice" };
            preset.Versions.Add(new PresetVersionEntity { Version = 1, Json = """{"risk":{"risk_per_trade":0.01}}""", CreatedAt = Created, CreatedByUserName = "alice", ChangeSummary = "created" });
            preset.Versions.Add(new PresetVersionEntity { Version = 2, Json = """{"risk":{"risk_per_trade":0.005}}""", CreatedAt = Created.AddDays(1), CreatedByUserName = "bob", ChangeSummary = "risk.risk_per_trade: 0.01 -> 0.005" });
            db.Presets.Add(preset);
            await db.SaveChangesAsync();
        }

        await using var read = await database.OpenAsync();
        var v1 = await read.PresetVersions.SingleAsync(v => v.PresetName == "breakout_v1" && v.Version == 1);
        var v2 = await read.PresetVersions.SingleAsync(v => v.PresetName == "breakout_v1" && v.Version == 2);
        v1.Json.ShouldContain("0.01");
        v2.Json.ShouldContain("0.005");
        v2.CreatedByUserName.ShouldBe("bob");
        v2.ChangeSummary.ShouldBe("risk.risk_per_trade: 0.01 -> 0.005");
        v2.CreatedAt.ShouldBe(Created.AddDays(1));
        var stored = await read.Presets.Include(p => p.Versions).SingleAsync();
        stored.Versions.Select(v => v.Version).Order().ShouldBe([1, 2]);
    }

    [Fact]
    public async Task ThePresetVersionNumberIsUniquePerPreset()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        await using var db = await database.OpenAsync();
        db.Presets.Add(new PresetEntity { Name = "p", LatestVersion = 1, CreatedAt = Created, UpdatedAt = Created });
        db.PresetVersions.Add(new PresetVersionEntity { PresetName = "p", Version = 1, Json = "{}", CreatedAt = Created });
        await db.SaveChangesAsync();

        db.PresetVersions.Add(new PresetVersionEntity { PresetName = "p", Version = 1, Json = "{}", CreatedAt = Created });

        await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task TimesRoundTripAsUtcInstants()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var local = new DateTimeOffset(2026, 3, 1, 14, 15, 16, 789, TimeSpan.FromHours(2));
        await using (var db = await database.OpenAsync())
        {
            db.Engines.Add(new EngineInstanceEntity
            {
                Id = "e-1",
                OwnerUserId = "u-1",
                Name = "Main",
                PresetName = "breakout_v1",
                Mode = TradingMode.Paper,
                PaperStartingBalance = 10_000.123456789m,
                CreatedAt = local,
                LastKnownState = TradingState.Managing,
                LastStatusJson = "{}",
                Runs = { new EngineRunEntity { PresetName = "breakout_v1", PresetVersion = 2, Mode = TradingMode.Paper, StartedAt = local, StopReason = null } },
            });
            await db.SaveChangesAsync();
        }

        await using var read = await database.OpenAsync();
        var engine = await read.Engines.Include(e => e.Runs).SingleAsync();
        engine.CreatedAt.Offset.ShouldBe(TimeSpan.Zero);
        engine.CreatedAt.ShouldBe(local);
        engine.CreatedAt.UtcDateTime.ShouldBe(new DateTime(2026, 3, 1, 12, 15, 16, 789, DateTimeKind.Utc));
        engine.PaperStartingBalance.ShouldBe(10_000.123456789m);
        engine.LastKnownState.ShouldBe(TradingState.Managing);
        engine.Runs.Single().StoppedAt.ShouldBeNull();
        engine.Runs.Single().StartedAt.Offset.ShouldBe(TimeSpan.Zero);
        (await read.Engines.CountAsync(e => e.CreatedAt < local.AddMilliseconds(1) && e.CreatedAt > local.AddMilliseconds(-1))).ShouldBe(1);
    }

    [Fact]
    public async Task TheScopedContextIsTheConfiguredProvidersContext()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        using var scope = database.Services.CreateScope();

        var db = scope.ServiceProvider.GetRequiredService<BreakoutBotDbContext>();

        db.ShouldBeOfType<SqliteBreakoutBotDbContext>();
        (await db.Users.CountAsync()).ShouldBe(0);
    }
}
