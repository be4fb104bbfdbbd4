using BreakoutBot.Domain.Levels;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Signals;

/// <summary>
/// A trade idea: side, entry reference, stop and targets (prices rounded to the instrument's tick), the level it
/// came from, every condition with its value, and the confidence in [0.1, 1].
/// </summary>
public sealed record Signal(
    string Id,
    string InstrumentId,
    PositionSide Side,
    SignalStrategy Strategy,
    decimal Entry,
    decimal StopLoss,
    decimal TakeProfit1,
    decimal TakeProfit2,
    double Confidence,
    TradingLevel Level,
    IReadOnlyDictionary<string, ConditionResult> Conditions,
    double Atr,
    double BtcCorrelation,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    public decimal StopDistance => Math.Abs(Entry - StopLoss);
}
