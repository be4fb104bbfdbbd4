namespace BreakoutBot.Domain.Risk;

/// <summary>Whether the kill switch has fired, why and when.</summary>
public sealed record KillSwitchState(bool Triggered, string? Reason, DateTimeOffset? TriggeredAt)
{
    public static readonly KillSwitchState Armed = new(false, null, null);
}
