namespace BreakoutBot.Domain.Abstractions;

/// <summary>What one management pass did.</summary>
public sealed record PositionManagementReport(int FillsApplied, int StopsMoved, int ExitsSent, int PositionsClosed, int ProtectiveOrdersRepaired)
{
    public static readonly PositionManagementReport None = new(0, 0, 0, 0, 0);
}
