namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>An engine's equity and cash at one moment (for the equity chart).</summary>
public sealed class EquitySnapshotEntity
{
    public long Id { get; set; }

    public string EngineId { get; set; } = "";

    public DateTimeOffset Time { get; set; }

    public decimal Equity { get; set; }

    public decimal Cash { get; set; }
}
