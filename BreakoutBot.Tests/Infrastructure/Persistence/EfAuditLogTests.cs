using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

public sealed class EfAuditLogTests
{
    [Fact]
    public async Task RecordedEntriesAreStoredInOrderWithTheirTime()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        var log = database.Services.GetRequiredService<EfAuditLog>();
        database.Services.GetRequiredService<IAuditLog>().ShouldBeSameAs(log);
        await log.StartAsync(CancellationToken.None);
        var first = database.Time.GetUtcNow();

        log.Record(null, "mallory@example.com", "login.failed", null, "bad password", success: false);
        database.Time.Advance(TimeSpan.FromSeconds(3));
        log.Record("u-1", "alice@example.com", "login", null, null);
        database.Time.Advance(TimeSpan.FromSeconds(3));
        log.Record("u-1", "alice@example.com", "engine.command", "engine-1", "pause");
        await log.StopAsync(CancellationToken.None);

        await using var db = await database.OpenAsync();
        var entries = await db.AuditLog.OrderBy(a => a.Id).ToListAsync();
        entries.Select(e => e.Action).ShouldBe(["login.failed", "login", "engine.command"]);
        entries[0].Success.ShouldBeFalse();
        entries[0].UserId.ShouldBeNull();
        entries[0].UserName.ShouldBe("mallory@example.com");
        entries[0].Time.ShouldBe(first);
        entries[2].Time.ShouldBe(first.AddSeconds(6));
        entries[2].Target.ShouldBe("engine-1");
        entries[2].Details.ShouldBe("pause");
        entries[2].Success.ShouldBeTrue();
        (await db.AuditLog.Where(a => a.Time > first).CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task RecordRefusesAnEmptyAction()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(migrate: false);
        var log = database.Services.GetRequiredService<EfAuditLog>();

        Should.Throw<ArgumentException>(() => log.Record("u-1", "alice", " ", null, null)).ParamName.ShouldBe("action");
    }

    [Fact]
    public async Task FullAuditQueueCountsDroppedEntries()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync(queueCapacity: 2);
        var log = database.Services.GetRequiredService<EfAuditLog>();

        for (var i = 0; i < 5; i++)
        {
            log.Record("u-1", "alice", "login", null, null);
        }

        log.Dropped.ShouldBe(3);
        await log.StopAsync(CancellationToken.None);
        await using var db = await database.OpenAsync();
        (await db.AuditLog.CountAsync()).ShouldBe(2);
    }
}
