using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Positions;

/// <summary>
/// The tag the position manager gives each order it sends: <c>purpose:positionId</c> (<c>entry</c>, <c>sl</c>,
/// <c>tp1</c>, <c>tp2</c>) or <c>exit:positionId:reason</c>. It travels with the order into the order journal, so after a
/// restart an order whose link was not stored is linked again to its position and role (ADR-006).
/// </summary>
public static class OrderTag
{
    public const string EntryPurpose = "entry";
    public const string StopPurpose = "sl";
    public const string TakeProfit1Purpose = "tp1";
    public const string TakeProfit2Purpose = "tp2";
    public const string ExitPurpose = "exit";

    public static string Entry(string positionId) => EntryPurpose + ":" + positionId;

    /// <summary>A stop or take-profit (<paramref name="purpose"/> is <see cref="StopPurpose"/>, <see cref="TakeProfit1Purpose"/> or <see cref="TakeProfit2Purpose"/>).</summary>
    public static string Protective(string purpose, string positionId) => purpose + ":" + positionId;

    public static string Exit(string positionId, ExitReason reason) => ExitPurpose + ":" + positionId + ":" + reason;

    /// <summary>
    /// Reads a tag made by this class: its purpose, position id and, for an exit, the reason. False for anything else
    /// (no tag, a reconciliation's or an unknown purpose, an exit without a known reason).
    /// </summary>
    public static bool TryParse(string? tag, out string purpose, out string positionId, out ExitReason? exitReason)
    {
        purpose = "";
        positionId = "";
        exitReason = null;
        var parts = tag?.Split(':');
        if (parts is null || parts.Length < 2 || parts[1].Length == 0)
        {
            return false;
        }
        switch (parts[0])
        {
            case EntryPurpose or StopPurpose or TakeProfit1Purpose or TakeProfit2Purpose when parts.Length == 2:
                break;
            case ExitPurpose when parts.Length == 3 && Enum.TryParse<ExitReason>(parts[2], ignoreCase: false, out var reason)
                && Enum.IsDefined(reason) && !int.TryParse(parts[2], out _):
                exitReason = reason;
                break;
            default:
                return false;
        }
        purpose = parts[0];
        positionId = parts[1];
        return true;
    }
}
