using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>A signal an engine produced, with every condition (JSON), its confidence and its latest status. (EngineId, SignalId) is unique.</summary>
public sealed class SignalEntity
{
    public long Id { get; set; }

    public string EngineId { get; set; } = "";

    public string SignalId { get; set; } = "";

    public string InstrumentId { get; set; } = "";

    public PositionSide Side { get; set; }

    public SignalStrategy Strategy { get; set; }

    public decimal Entry { get; set; }

    public decimal StopLoss { get; set; }

    public decimal TakeProfit1 { get; set; }

    public decimal TakeProfit2 { get; set; }

    public double Confidence { get; set; }

    public double Atr { get; set; }

    public double BtcCorrelation { get; set; }

    /// <summary>Condition name → {passed, value, threshold, required}, as JSON.</summary>
    public string ConditionsJson { get; set; } = "{}";

    /// <summary>The level the signal came from, as JSON.</summary>
    public string? LevelJson { get; set; }

    public SignalStatus Status { get; set; }

    /// <summary>Why it was rejected or failed, or the position id it was executed as.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
