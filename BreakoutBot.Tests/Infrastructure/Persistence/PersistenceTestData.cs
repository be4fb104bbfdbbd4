using System.Globalization;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Tests.Infrastructure.Persistence;

/// <summary>Engine events and domain objects for the persistence tests.</summary>
public static class PersistenceTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static StateChangedEvent Transition(string engineId, int i, TradingState from = TradingState.Scanning, TradingState to = TradingState.SignalWait)
    {
        var time = T0.AddSeconds(i);
        var metadata = new Dictionary<string, string> { ["i"] = i.ToString(CultureInfo.InvariantCulture) };
        return new StateChangedEvent(engineId, time, new StateTransition(from, to, "step " + i.ToString(CultureInfo.InvariantCulture), metadata, time, Forced: false));
    }

    public static Signal Signal(string id, string instrument = "BTC-USDT-SWAP") =>
        new(
            id,
            instrument,
            PositionSide.Long,
            SignalStrategy.Momentum,
            Entry: 100.5m,
            StopLoss: 98.25m,
            TakeProfit1: 104.75m,
            TakeProfit2: 109m,
            Confidence: 0.82,
            new TradingLevel
            {
                Price = 100.2,
                Type = LevelType.Resistance,
                TouchCount = 3,
                Strength = 0.7,
                FirstTouch = T0.AddHours(-5),
                LastTouch = T0.AddHours(-1),
                Sources = LevelSource.Donchian | LevelSource.Swing,
            },
            new Dictionary<string, ConditionResult>
            {
                ["volume_surge"] = new(true, 2.4, 1.5, true),
                ["btc_correlation"] = new(false, 0.91, 0.8, false),
            },
            Atr: 1.2,
            BtcCorrelation: 0.91,
            CreatedAt: T0,
            ExpiresAt: T0.AddMinutes(15));

    /// <summary>A long position filled at 100 with 2 units, stop 98, targets 104/108.</summary>
    public static Position OpenPosition(string id, string signalId)
    {
        var position = new Position(id, "BTC-USDT-SWAP", PositionSide.Long, "momentum", signalId, 2m, 100m, 98m, 104m, 108m, T0);
        position.ApplyEntryFill(2m, 100m, 0.1m, T0.AddSeconds(1));
        position.EntryOrderId = "entry-" + id;
        position.StopOrderId = "stop-" + id;
        return position;
    }
}
