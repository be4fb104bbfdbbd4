namespace BreakoutBot.Infrastructure.Replay;

/// <summary>
/// Figures derived from a replay report for the backtest pages: monthly returns and drawdown from the equity curve,
/// results per instrument and per strategy, and the distribution of trade results in R. Pure functions of the report.
/// </summary>
public static class ReplayStatistics
{
    /// <summary>Width of one bucket of <see cref="RDistribution"/>, in R.</summary>
    public const double RBucketWidth = 0.5;

    /// <summary>
    /// One row per UTC month the curve covers: the equity change from the end of the previous month (the starting
    /// balance for the first) to the month's last point.
    /// </summary>
    public static IReadOnlyList<MonthlyReturn> MonthlyReturns(ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<MonthlyReturn>();
        var before = report.Summary.StartingBalance;
        foreach (var month in report.Equity.GroupBy(p => (p.Time.UtcDateTime.Year, p.Time.UtcDateTime.Month)))
        {
            var end = month.Last().Equity;
            var pnl = end - before;
            rows.Add(new MonthlyReturn(month.Key.Year, month.Key.Month, pnl, before > 0 ? (double)(pnl / before) : 0d));
            before = end;
        }
        return rows;
    }

    /// <summary>The drawdown below the running peak at every point of the equity curve, as a fraction of that peak (0 at a new high).</summary>
    public static IReadOnlyList<double> Drawdown(IReadOnlyList<EquityPoint> equity, decimal startingBalance)
    {
        ArgumentNullException.ThrowIfNull(equity);
        var result = new double[equity.Count];
        // The run's peak starts at the starting balance, as the summary's maximum drawdown does: a loss taken before the
        // first sample is a drawdown from the money the run began with.
        var peak = startingBalance;
        for (var i = 0; i < equity.Count; i++)
        {
            peak = Math.Max(peak, equity[i].Equity);
            result[i] = peak > 0 ? (double)((peak - equity[i].Equity) / peak) : 0d;
        }
        return result;
    }

    public static IReadOnlyList<GroupResult> ByInstrument(IReadOnlyList<ReplayTrade> trades) => Group(trades, t => t.Instrument);

    public static IReadOnlyList<GroupResult> ByStrategy(IReadOnlyList<ReplayTrade> trades) => Group(trades, t => t.Strategy);

    /// <summary>
    /// Trades counted per <see cref="RBucketWidth"/>-wide bucket of their result in R, from the lowest to the highest
    /// bucket that holds a trade; a bucket [a, a + 0.5) is labelled by a.
    /// </summary>
    public static IReadOnlyList<RBucket> RDistribution(IReadOnlyList<ReplayTrade> trades)
    {
        ArgumentNullException.ThrowIfNull(trades);
        if (trades.Count == 0)
        {
            return [];
        }
        var counts = trades.GroupBy(t => (int)Math.Floor(t.R / RBucketWidth)).ToDictionary(g => g.Key, g => g.Count());
        var low = counts.Keys.Min();
        var high = counts.Keys.Max();
        var buckets = new List<RBucket>(high - low + 1);
        for (var k = low; k <= high; k++)
        {
            buckets.Add(new RBucket(k * RBucketWidth, counts.GetValueOrDefault(k)));
        }
        return buckets;
    }

    private static List<GroupResult> Group(IReadOnlyList<ReplayTrade> trades, Func<ReplayTrade, string> key)
    {
        ArgumentNullException.ThrowIfNull(trades);
        return trades.GroupBy(key, StringComparer.Ordinal)
            .Select(g =>
            {
                var wins = g.Count(t => t.NetPnl > 0);
                var won = g.Where(t => t.NetPnl > 0).Sum(t => t.NetPnl);
                var lost = -g.Where(t => t.NetPnl < 0).Sum(t => t.NetPnl);
                return new GroupResult(
                    g.Key,
                    g.Count(),
                    wins,
                    (double)wins / g.Count(),
                    g.Sum(t => t.NetPnl),
                    g.Average(t => t.R),
                    lost > 0 ? (double)(won / lost) : null,
                    g.Sum(t => t.Fees + t.Funding));
            })
            .OrderByDescending(r => r.NetPnl)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>The equity change of one UTC month, in money and as a fraction of the equity it started from.</summary>
public sealed record MonthlyReturn(int Year, int Month, decimal Pnl, double Return);

/// <summary>Results of the trades of one instrument or one strategy. Profit factor is null without a losing trade.</summary>
public sealed record GroupResult(string Key, int Trades, int Wins, double WinRate, decimal NetPnl, double AverageR, double? ProfitFactor, decimal FeesAndFunding);

/// <summary>Trades whose result in R lies in [<see cref="From"/>, From + <see cref="ReplayStatistics.RBucketWidth"/>).</summary>
public sealed record RBucket(double From, int Trades);
