using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>The JSON document a replay writes: what was replayed, the summary and every trade.</summary>
public sealed record ReplayReport(
    string Preset,
    IReadOnlyList<string> Instruments,
    DateTimeOffset From,
    DateTimeOffset To,
    int Bars,
    ReplaySummary Summary,
    IReadOnlyList<ReplayTrade> Trades)
{
    /// <summary>The series every instrument was correlated with; null when the data has none (see <see cref="Notes"/>).</summary>
    public string? Benchmark { get; init; }

    /// <summary>
    /// Conditions the data could not provide input for, so they were never checked and never counted as passed
    /// (ADR-008): e.g. <c>min_oi</c>, <c>oi_delta</c> (no open interest in candles), <c>l2_imbalance</c> (no L2 book).
    /// </summary>
    public IReadOnlyList<string> NotChecked { get; init; } = [];

    /// <summary>What the reader must know to trust the figures, in words (a missing benchmark, the conditions not checked).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// The scan funnel of the whole replay (ADR-009): instrument-bars scanned, failures per filter, candidates, levels,
    /// signals by strategy, risk vetoes by category, orders and fills. With zero trades, <see cref="Notes"/> says where it stopped.
    /// </summary>
    public ScanFunnel Funnel { get; init; } = ScanFunnel.Empty;

    /// <summary>
    /// Account equity (cash + open positions marked to the bar's close) sampled every N bars from the first traded bar,
    /// the last bar always included; at most <see cref="ReplayOptions.MaxEquityPoints"/> points.
    /// </summary>
    public IReadOnlyList<EquityPoint> Equity { get; init; } = [];
}

/// <summary>The account's equity at a bar close.</summary>
public sealed record EquityPoint(DateTimeOffset Time, decimal Equity);
