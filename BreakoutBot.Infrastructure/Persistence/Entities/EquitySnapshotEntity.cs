namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>An engine's equity and cash at one moment (for the equity chart).</summary>
public sealed class EquitySnapshotEntity
{
    public long Id { get; set; }

    public string EngineId { get; set; } = "";

    /// <summary>The engine's clock (market time in a replay).</summary>
    public DateTimeOffset Time { get; set; }

    /// <summary>When the row was written, on the portal's wall clock (retention goes by this); null for rows written before it existed.</summary>
    public DateTimeOffset? WrittenAt { get; set; }

    public decimal Equity { get; set; }

    public decimal Cash { get; set; }
}
