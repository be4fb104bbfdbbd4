using BreakoutBot.Domain.Trading;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Infrastructure.Replay;

/// <summary>What a replay's report is made of: its notes, its trades and their summary.</summary>
public sealed partial class ReplayRunner
{
    /// <summary>The sentence a replay prints at start and writes in its report when the data has no benchmark series.</summary>
    public const string NoBenchmarkNote =
        "No BTC series in the data: the correlation-with-BTC filter was not applicable and the correlation score weight was spread over the other components (supply one with --benchmark FILE).";

    /// <summary>
    /// The note of a replay whose preset splits large entries into post-only iceberg clips with a deadman shorter than a
    /// bar: the replay cannot see inside a bar, so each clip went as the immediate-or-cancel it falls back to; null otherwise.
    /// </summary>
    public static string? ClipNote(ExecutionConfig execution, TimeSpan restingFillResolution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var deadman = TimeSpan.FromMilliseconds(execution.DeadmanTimeoutMs);
        return execution.EnableIceberg && restingFillResolution > deadman
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Iceberg clips: the replay sees {restingFillResolution.TotalMinutes:0.##}-minute bars, longer than the preset's deadman_timeout_ms ({execution.DeadmanTimeoutMs} ms), so a post-only clip could not be judged within its deadman; each clip went as the immediate-or-cancel at the price guard it falls back to (taker fee, spread and slippage). Live, some clips fill as maker.")
            : null;
    }

    internal static List<string> Notes(bool hasBenchmark, UncheckedConditions notChecked, string? zeroTrades, string? clipNote = null)
    {
        var notes = new List<string>();
        if (zeroTrades is not null)
        {
            notes.Add(zeroTrades);
        }
        if (!hasBenchmark)
        {
            notes.Add(NoBenchmarkNote);
        }
        if (notChecked.HasFlag(UncheckedConditions.L2Imbalance))
        {
            notes.Add("No level-2 order book in candles: the l2_imbalance signal check was not available and was never counted as passed.");
        }
        if ((notChecked & (UncheckedConditions.MinOi | UncheckedConditions.OiDelta)) != 0)
        {
            notes.Add("No open interest in candles: min_oi and oi_delta were not checked and the oi_delta score weight was spread over the other components.");
        }
        if (clipNote is not null)
        {
            notes.Add(clipNote);
        }
        return notes;
    }

    public static ReplaySummary Summarise(IReadOnlyList<ReplayTrade> trades, decimal startingBalance, decimal endingEquity, decimal maxDrawdown, double maxDrawdownPct, int killSwitches, int signals, long steps, ReplayCostSettings costs)
    {
        ArgumentNullException.ThrowIfNull(trades);
        ArgumentNullException.ThrowIfNull(costs);
        var wins = trades.Count(t => t.NetPnl > 0);
        var losses = trades.Count(t => t.NetPnl < 0);
        var grossWin = trades.Where(t => t.NetPnl > 0).Sum(t => t.NetPnl);
        var grossLoss = -trades.Where(t => t.NetPnl < 0).Sum(t => t.NetPnl);
        double? profitFactor = grossLoss > 0 ? (double)(grossWin / grossLoss) : null;
        return new ReplaySummary(
            trades.Count,
            wins,
            losses,
            trades.Count > 0 ? Math.Round((double)wins / trades.Count, 6) : 0d,
            profitFactor is { } pf ? Math.Round(pf, 6) : null,
            decimal.Round(maxDrawdown, 8),
            Math.Round(maxDrawdownPct, 6),
            decimal.Round(trades.Sum(t => t.NetPnl), 8),
            decimal.Round(trades.Sum(t => t.Fees), 8),
            decimal.Round(trades.Sum(t => t.Spread), 8),
            decimal.Round(trades.Sum(t => t.Slippage), 8),
            decimal.Round(trades.Sum(t => t.Funding), 8),
            trades.Count > 0 ? Math.Round(trades.Average(t => t.R), 6) : 0d,
            startingBalance,
            decimal.Round(endingEquity, 8),
            killSwitches,
            signals,
            steps,
            costs);
    }

    internal static ReplayCostSettings CostSettings(PaperExchangeClient paper) => CostSettings(paper.Options, paper.FundingSource);

    private static ReplayCostSettings CostSettings(PaperExchangeOptions o, string fundingSource) => new(
        o.TakerFeeBps,
        o.MakerFeeBps,
        o.SlippageBps,
        o.DepthImpactBps,
        o.MaxSlippageBps,
        o.FundingRateBps,
        o.FundingIntervalHours,
        fundingSource,
        "modelled book (ReplayMarketDataProvider)");

    internal static ReplayTrade ToTrade(Position p, ReplayCostLedger ledger)
    {
        var fills = ledger.FillsOf(p);
        var funding = ledger.FundingOf(p);
        var exitQty = p.Exits.Sum(e => e.Quantity);
        var exitPrice = exitQty > 0 ? p.Exits.Sum(e => e.Price * e.Quantity) / exitQty : 0m;
        // Net of fees and funding; R is the same figure over the initial risk, so a trade's R and net P&L never disagree.
        var net = p.NetRealizedPnl - funding;
        return new ReplayTrade(
            p.Id,
            p.InstrumentId,
            p.Side.ToString(),
            p.Strategy,
            p.OpenedAt ?? p.CreatedAt,
            p.ClosedAt ?? p.CreatedAt,
            p.EntryQuantity,
            p.EntryPrice,
            decimal.Round(exitPrice, 10),
            p.InitialStop,
            p.TakeProfit1,
            p.TakeProfit2,
            decimal.Round(p.GrossRealizedPnl, 10),
            decimal.Round(p.Fees, 10),
            decimal.Round(fills.Sum(f => f.Spread), 10),
            decimal.Round(fills.Sum(f => f.Slippage), 10),
            decimal.Round(funding, 10),
            decimal.Round(net, 10),
            Math.Round(p.InR(net), 6),
            (p.CloseReason ?? ExitReason.Manual).ToString(),
            p.Exits.Select(e => new ReplayExit(e.Time, e.Quantity, e.Price, e.Reason.ToString(), decimal.Round(e.Fee, 10))).ToList(),
            fills.Select(f => new ReplayFill(f.Time, f.Side.ToString(), f.Quantity, f.Price, f.IsMaker, f.Fee, f.Spread, f.Slippage)).ToList())
        {
            StopMoves = [.. p.StopMoves],
        };
    }
}
