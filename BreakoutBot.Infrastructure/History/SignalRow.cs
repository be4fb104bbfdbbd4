using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.History;

/// <summary>A signal as listed in the signal history.</summary>
public sealed record SignalRow(
    string EngineId,
    string SignalId,
    string Symbol,
    PositionSide Side,
    SignalStrategy Strategy,
    SignalStatus Status,
    decimal Entry,
    decimal StopLoss,
    decimal TakeProfit1,
    decimal TakeProfit2,
    double Confidence,
    string? Reason,
    DateTimeOffset CreatedAt);
