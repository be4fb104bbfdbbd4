using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>Settings of one replay. Costs are in basis points (ADR-007); null fees mean the preset's.</summary>
public sealed record ReplayOptions
{
    public decimal StartingBalance { get; init; } = 10_000m;

    /// <summary>Taker fee; null: the preset's <c>execution_config.taker_fee_bps</c>.</summary>
    public decimal? TakerFeeBps { get; init; }

    /// <summary>Maker fee; null: the preset's <c>execution_config.maker_fee_bps</c>.</summary>
    public decimal? MakerFeeBps { get; init; }

    /// <summary>Base slippage of every taker fill, on top of half the spread.</summary>
    public decimal SlippageBps { get; init; } = 2m;

    /// <summary>Extra slippage per unit of notional over the 0.3 % depth on the side taken.</summary>
    public decimal DepthImpactBps { get; init; } = 40m;

    /// <summary>Flat funding rate per 8 h settlement, in bps, used where the data has no funding series.</summary>
    public decimal FundingRateBps { get; init; } = 1m;

    /// <summary>A funding series (the data set's <c>funding/</c> folder); settlements it does not list use <see cref="FundingRateBps"/>.</summary>
    public MarketData.FundingRateSeries? Funding { get; init; }

    /// <summary>
    /// A replay stands in for an operator: after the kill switch (EMERGENCY) it resets and restarts the engine at the
    /// next 00:00 UTC, and counts the event. Off means the replay stops trading at the first kill switch.
    /// </summary>
    public bool ResetAfterKillSwitchNextDay { get; init; } = true;

    /// <summary>
    /// The instrument every other one is correlated with. Null: the first instrument whose base currency is BTC; when
    /// the data has none, the correlation filter is not applicable and the report says so (ADR-008).
    /// </summary>
    public string? BenchmarkInstrumentId { get; init; }

    /// <summary>
    /// False when the benchmark was supplied only as a reference series (<c>replay --benchmark FILE</c>): it is then
    /// read for correlations but never traded.
    /// </summary>
    public bool TradeBenchmark { get; init; } = true;

    /// <summary>
    /// First bar close the engine trades at; null: the first bar of the data. Bars before it only warm the market up
    /// (the engine reads them as history when it starts), exactly as a live engine started at that time would.
    /// </summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Last bar close replayed; null: the last bar of the data. Nothing after it is ever read.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// Ends the replay after the bar closing at this time, without cutting the data as <see cref="To"/> does: the clock never
    /// passes it, so nothing later is read, and the candle lists stay those of the whole range, so the replay shares what
    /// earlier replays of the range derived (a backtest's "why (not) this instrument" stops at the bar asked about). The
    /// report covers the bars replayed.
    /// </summary>
    public DateTimeOffset? StopAfter { get; init; }

    /// <summary>Told the bars done and the total about 200 times per replay and at the end (a backtest job's progress bar).</summary>
    public IProgress<ReplayProgress>? Progress { get; init; }

    /// <summary>
    /// Sees every engine event of the replay as it happens, on the replay's thread (a backtest's "why (not) this
    /// instrument" replays with one). A scan's results (<c>ScanCompletedEvent.Scan.Results</c>) are built when first read,
    /// so an observer reading a few bars' results pays for those only; they must be read during the event: a scan kept
    /// and read after the next one throws <see cref="InvalidOperationException"/> rather than show another bar's figures.
    /// </summary>
    public Action<EngineEvent>? Observer { get; init; }

    /// <summary>At most this many points in <see cref="ReplayReport.Equity"/> (the curve is sampled every N bars, plus the last).</summary>
    public int MaxEquityPoints { get; init; } = 2_000;
}

/// <summary>How far a replay is: bar closes replayed of the total.</summary>
public readonly record struct ReplayProgress(int BarsDone, int BarsTotal);
