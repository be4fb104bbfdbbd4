namespace BreakoutBot.Infrastructure.Replay;

public sealed record ReplayOptions
{
    public decimal StartingBalance { get; init; } = 10_000m;
    public decimal SlippageBps { get; init; } = 2m;
    public decimal TakerFeeBps { get; init; } = 5m;
    public decimal MakerFeeBps { get; init; } = 2m;

    /// <summary>
    /// A replay stands in for an operator: after the kill switch (EMERGENCY) it resets and restarts the engine at the
    /// next 00:00 UTC, and counts the event. Off means the replay stops trading at the first kill switch.
    /// </summary>
    public bool ResetAfterKillSwitchNextDay { get; init; } = true;
}
