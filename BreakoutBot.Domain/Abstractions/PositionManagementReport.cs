namespace BreakoutBot.Domain.Abstractions;

/// <summary>What one management pass did.</summary>
public sealed record PositionManagementReport(int FillsApplied, int StopsMoved, int ExitsSent, int PositionsClosed, int ProtectiveOrdersRepaired)
{
    public static readonly PositionManagementReport None = new(0, 0, 0, 0, 0);

    /// <summary>A report of these counts; <see cref="None"/> when nothing happened (most passes: a pass runs on every bar).</summary>
    public static PositionManagementReport Of(int fillsApplied, int stopsMoved, int exitsSent, int positionsClosed, int protectiveOrdersRepaired) =>
        (fillsApplied | stopsMoved | exitsSent | positionsClosed | protectiveOrdersRepaired) == 0
            ? None
            : new(fillsApplied, stopsMoved, exitsSent, positionsClosed, protectiveOrdersRepaired);
}
