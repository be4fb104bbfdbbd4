using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Domain.Engine;

public sealed record ScanCompletedEvent(string EngineId, DateTimeOffset Time, ScanOutcome Scan) : EngineEvent(EngineId, Time)
{
    /// <summary>Position slots free when the scan ended; at 0 the scan's candidates go no further (no levels are built).</summary>
    public int FreeSlots { get; init; } = int.MaxValue;
}
