using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.Extensions.Logging.Abstractions;
using static BreakoutBot.Tests.Infrastructure.Persistence.PersistenceTestData;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

/// <summary>A restart rebuilds the paper account from the stored positions as the account itself had booked them.</summary>
public sealed class EngineInstanceStoreAccountTests
{
    private const string Engine = "engine-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOpenPositionWithASliceFilledAfterAPartialStopComesBackAtTheOpenQuantitysAverageEntry()
    {
        // A short: 100 @ 10.00 and 100 @ 10.10, 100 bought back @ 10.20 by the stop, one more slice of 100 @ 10.30.
        var position = new Position("pos-1", "BTC-USDT-SWAP", PositionSide.Short, "momentum", "sig-1", 300m, 10m, 10.5m, 9.5m, 9m, T0);
        position.ApplyEntryFill(100m, 10.00m, 0m, T0);
        position.ApplyEntryFill(100m, 10.10m, 0m, T0.AddMinutes(5));
        position.ApplyExitFill(100m, 10.20m, 0m, T0.AddMinutes(5), ExitReason.StopLoss, "sl");
        position.ApplyEntryFill(100m, 10.30m, 0m, T0.AddMinutes(10));
        await using var database = await PersistenceTestDatabase.CreateAsync();
        await using (var db = await database.OpenAsync())
        {
            db.Engines.Add(new EngineInstanceEntity { Id = Engine, Name = "paper", PresetName = "breakout_v1", CreatedAt = T0 });
            db.Positions.Add(EntityMapper.ToEntity(Engine, position, T0.AddMinutes(10)));
            await db.SaveChangesAsync(Ct);
        }

        var snapshot = (await new EngineInstanceStore(database.Contexts, NullLogger<EngineInstanceStore>.Instance).LoadAsync(Engine, Ct)).ShouldNotBeNull();

        var net = snapshot.Account.Positions.ShouldHaveSingleItem();
        net.Quantity.ShouldBe(-200m);
        // (100 × 10.05 + 100 × 10.30) / 200, as the account averages what is open; not 10.1333, the average of all 300 entered.
        net.AverageEntryPrice.ShouldBe(10.175m, 0.000_000_001m);
        snapshot.Account.RealizedPnl.ShouldBe(-15m, "100 × (10.05 − 10.20)");
        snapshot.Account.Cash.ShouldBe(snapshot.Options.StartingBalance - 15m);
    }
}
