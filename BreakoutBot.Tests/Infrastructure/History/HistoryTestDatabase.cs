using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Tests.Infrastructure.History;

/// <summary>An in-memory SQLite database with the real schema and helpers that seed history rows.</summary>
public sealed class HistoryTestDatabase : IDbContextFactory<BreakoutBotDbContext>, IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly DbContextOptions<BreakoutBotDbContext> _options;

    public HistoryTestDatabase()
    {
        _connection.Open();
        _options = new DbContextOptionsBuilder<BreakoutBotDbContext>().UseSqlite(_connection).Options;
        using var db = CreateDbContext();
        db.Database.EnsureCreated();
    }

    public BreakoutBotDbContext CreateDbContext() => new(_options);

    public void Seed(Action<BreakoutBotDbContext> add)
    {
        using var db = CreateDbContext();
        add(db);
        db.SaveChanges();
    }

    public void AddEngine(string id, string owner) => Seed(db => db.Engines.Add(new EngineInstanceEntity
    {
        Id = id,
        OwnerUserId = owner,
        Name = id + " engine",
        PresetName = "breakout_v1",
        CreatedAt = T0,
    }));

    /// <summary>Positions p1..pN on the engine, one minute apart, alternating BTC and ETH (odd = BTC).</summary>
    public void AddPositions(string engineId, int count, string prefix = "p") => Seed(db =>
    {
        for (var i = 1; i <= count; i++)
        {
            db.Positions.Add(Position(engineId, prefix + i, i % 2 == 1 ? "BTC-USDT-SWAP" : "ETH-USDT-SWAP", T0.AddMinutes(i)));
        }
    });

    /// <summary>Equity samples of the engine, one minute apart from <see cref="T0"/> (cash the same as equity).</summary>
    public void AddEquity(string engineId, IEnumerable<decimal> equity) => Seed(db =>
    {
        var i = 0;
        foreach (var e in equity)
        {
            db.EquitySnapshots.Add(new EquitySnapshotEntity { EngineId = engineId, Time = T0.AddMinutes(i++), Equity = e, Cash = e });
        }
    });

    public static PositionEntity Position(string engineId, string id, string symbol, DateTimeOffset created) => new()
    {
        EngineId = engineId,
        PositionId = id,
        InstrumentId = symbol,
        Side = PositionSide.Long,
        Strategy = "breakout",
        SignalId = "s-" + id,
        Status = PositionStatus.Closed,
        EntryPrice = 100.5m,
        EntryQuantity = 2m,
        Quantity = 0m,
        StopLoss = 99m,
        TakeProfit1 = 102m,
        TakeProfit2 = 104m,
        EntryFees = 0.1m,
        ExitFees = 0.2m,
        NetPnl = 1.25m,
        PnlR = 0.5,
        CreatedAt = created,
        OpenedAt = created,
        ClosedAt = created.AddMinutes(30),
        UpdatedAt = created.AddMinutes(30),
    };

    public static SignalEntity Signal(string engineId, string id, string? reason, DateTimeOffset created) => new()
    {
        EngineId = engineId,
        SignalId = id,
        InstrumentId = "BTC-USDT-SWAP",
        Side = PositionSide.Long,
        Strategy = SignalStrategy.Momentum,
        Entry = 1234.5m,
        StopLoss = 1200m,
        TakeProfit1 = 1300m,
        TakeProfit2 = 1400m,
        Confidence = 0.75,
        Status = SignalStatus.Rejected,
        Reason = reason,
        CreatedAt = created,
        ExpiresAt = created.AddMinutes(5),
        UpdatedAt = created,
    };

    public static StateTransitionEntity Transition(string engineId, TradingState from, TradingState to, DateTimeOffset time) => new()
    {
        EngineId = engineId,
        From = from,
        To = to,
        Reason = "test",
        Time = time,
    };

    public void Dispose() => _connection.Dispose();
}
