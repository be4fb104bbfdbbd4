namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// The cost model a replay ran with (ADR-007): fees, slippage = base + depth impact · notional / depth within 0.3 %,
/// and funding per settlement; <see cref="FundingSource"/> is "flat" when no funding series was used.
/// </summary>
public sealed record ReplayCostSettings(
    decimal TakerFeeBps,
    decimal MakerFeeBps,
    decimal SlippageBps,
    decimal DepthImpactBps,
    decimal MaxSlippageBps,
    decimal FundingRateBps,
    int FundingIntervalHours,
    string FundingSource,
    string SpreadSource);
