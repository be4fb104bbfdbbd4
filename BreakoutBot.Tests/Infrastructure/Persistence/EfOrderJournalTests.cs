using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport.Servers;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

/// <summary>
/// The order journal read back (ADR-006) on a real database: the intents of one engine whose client ids start with its
/// prefix, oldest first, each with the exchange's order id once answered; on SQLite and, when installed, PostgreSQL.
/// </summary>
public sealed class EfOrderJournalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static OrderRequest Tp1(string clientId, string positionId) =>
        new(clientId, "BTC-USDT-SWAP", OrderSide.Sell, OrderType.TakeProfitMarket, 0.05m, TriggerPrice: 50_500m, ReduceOnly: true, Tag: "tp1:" + positionId);

    private static async Task ReadsBackTheIntentsOfOneEngineAsync(PersistenceTestDatabase database)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));
        // Engine "e1" (client-id prefix bbe1) ran as generation 0 then 1; "e1x" shares its prefix's start; "E1" differs in case only.
        var journal = new EfOrderJournal("e1", database.Contexts, time);
        await journal.RecordIntentAsync(Tp1("bbe1tp13", "pos1"), Ct);
        await journal.RecordIntentAsync(Tp1("bbe1r1tp15", "r1pos2"), Ct);
        await journal.RecordOutcomeAsync("bbe1r1tp15", new Order("algo-7", "bbe1r1tp15", "BTC-USDT-SWAP", OrderSide.Sell, OrderType.TakeProfitMarket, 0.05m, null,
            50_500m, true, OrderStatus.New, 0m, 0m, 0m, time.GetUtcNow(), time.GetUtcNow()), null, Ct);
        await journal.RecordIntentAsync(Tp1("bbe1r1ex6", "r1pos2") with { Type = OrderType.Market, TriggerPrice = null, Tag = "exit:r1pos2:TimeStop" }, Ct);
        await journal.RecordIntentAsync(Tp1("BBE1tp19", "pos9"), Ct);
        await new EfOrderJournal("e1x", database.Contexts, time).RecordIntentAsync(Tp1("bbe1xtp11", "pos1"), Ct);

        var all = await journal.ReadIntentsAsync("bbe1", Ct);

        all.ShouldBe([
            new JournalledOrder("bbe1tp13", null, "tp1:pos1"),
            new JournalledOrder("bbe1r1tp15", "algo-7", "tp1:r1pos2"),
            new JournalledOrder("bbe1r1ex6", null, "exit:r1pos2:TimeStop"),
        ]);
        (await OrderJournalReadback.ReadAsync(journal, "e1", 1, Ct)).Select(o => o.ClientOrderId)
            .ShouldBe(["bbe1r1tp15", "bbe1r1ex6"], "generation 0's intents are older than the run that stopped (generation 1)");
        (await OrderJournalReadback.ReadAsync(journal, "e1", 2, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadsBackTheIntentsOfOneEngineOnSqlite()
    {
        await using var database = await PersistenceTestDatabase.CreateAsync();
        await ReadsBackTheIntentsOfOneEngineAsync(database);
    }

    [Fact]
    public async Task ReadsBackTheIntentsOfOneEngineOnPostgres()
    {
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        await using var database = await PersistenceTestDatabase.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:BreakoutBot"] = await server.CreateDatabaseAsync(Ct),
        });
        await ReadsBackTheIntentsOfOneEngineAsync(database);
    }
}
