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

    /// <summary>
    /// The instrument every other one is correlated with. Null: the first instrument whose base currency is BTC; when
    /// the data has none, the correlation filter is not applicable and the report says so (ADR-007).
    /// </summary>
    public string? BenchmarkInstrumentId { get; init; }

    /// <summary>
    /// False when the benchmark was supplied only as a reference series (<c>replay --benchmark FILE</c>): it is then
    /// read for correlations but never traded.
    /// </summary>
    public bool TradeBenchmark { get; init; } = true;
}
