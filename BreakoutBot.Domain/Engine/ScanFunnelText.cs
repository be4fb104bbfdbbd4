using System.Globalization;
using System.Text;

namespace BreakoutBot.Domain.Engine;

/// <summary>The scan funnel in words: one line per stage group for the CLI, and the sentence that explains zero trades.</summary>
public static class ScanFunnelText
{
    private const int TopFilters = 3;

    /// <summary>
    /// The main path in one line: "15,000 instrument-bars scanned (3,000 scans) → 120 passed the filters → 80 with a level →
    /// 12 signals (momentum 10, retest 2) → 3 vetoed by risk → 9 orders sent → 9 filled".
    /// </summary>
    public static string Stages(ScanFunnel funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        var sb = new StringBuilder();
        sb.Append(Count(funnel.InstrumentBarsScanned)).Append(" instrument-bars scanned (").Append(Count(funnel.Scans)).Append(" scans)")
            .Append(" → ").Append(Count(funnel.Candidates)).Append(" passed the filters");
        if (funnel.CandidatesSkippedSlotsFull > 0)
        {
            sb.Append(" (").Append(Count(funnel.CandidatesSkippedSlotsFull)).Append(" while every slot was taken)");
        }
        sb.Append(" → ").Append(Count(funnel.WithLevels)).Append(" with a level")
            .Append(" → ").Append(Count(funnel.Signals)).Append(" signals (").Append(Strategies(funnel)).Append(')')
            .Append(" → ").Append(Count(funnel.RiskVetoes)).Append(" vetoed by risk")
            .Append(" → ").Append(Count(funnel.OrdersSent)).Append(" orders sent")
            .Append(" → ").Append(Count(funnel.Fills)).Append(" filled");
        if (funnel.EntryFailures > 0)
        {
            sb.Append(", ").Append(Count(funnel.EntryFailures)).Append(" failed");
        }
        if (funnel.Abandoned > 0)
        {
            sb.Append("; ").Append(Count(funnel.Abandoned)).Append(" abandoned in flight");
        }
        return sb.ToString();
    }

    /// <summary>The filters that failed at least once, in filter order: "data_health 300, min_24h_volume 14,000"; "none" when none did.</summary>
    public static string FailedFilters(ScanFunnel funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        return Pairs(funnel.FailedByFilter, skipZero: true);
    }

    /// <summary>The signals by strategy, zeros included: "momentum 10, retest 2".</summary>
    public static string Strategies(ScanFunnel funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        return Pairs(funnel.SignalsByStrategy, skipZero: false);
    }

    /// <summary>The risk vetoes by category: "no_free_slot 3, size_below_lot_step 1"; "none" when none.</summary>
    public static string Vetoes(ScanFunnel funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        return Pairs(funnel.RiskVetoesByReason, skipZero: true);
    }

    /// <summary>
    /// Where the funnel stopped when nothing was filled, in one sentence that starts "0 trades: …" and names the
    /// blocking filter(s) or veto reason(s); null when at least one entry filled.
    /// </summary>
    public static string? WhereItStopped(ScanFunnel funnel)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        if (funnel.Fills > 0)
        {
            return null;
        }
        if (funnel.Scans == 0)
        {
            return "0 trades: the engine never scanned.";
        }
        var scanned = funnel.InstrumentBarsScanned;
        if (scanned == 0)
        {
            return $"0 trades: {Count(funnel.Scans)} scans found no instrument with candles to scan.";
        }
        var sb = new StringBuilder("0 trades: ").Append(Count(scanned)).Append(" instrument-bars scanned");
        if (funnel.Candidates == 0)
        {
            var everywhere = new List<string>();
            foreach (var (name, n) in funnel.FailedByFilter)
            {
                if (n == scanned)
                {
                    everywhere.Add(name);
                }
            }
            if (everywhere.Count > 0)
            {
                return sb.Append(", all failed ").Append(string.Join(" and ", everywhere)).Append('.').ToString();
            }
            var top = funnel.FailedByFilter.Where(p => p.Value > 0).OrderByDescending(p => p.Value).Take(TopFilters)
                .Select(p => p.Key + " " + Count(p.Value));
            return sb.Append(", none passed every filter; most failed: ").Append(string.Join(", ", top)).Append('.').ToString();
        }
        sb.Append(", ").Append(Count(funnel.Candidates)).Append(" passed the filters");
        if (funnel.WithLevels == 0)
        {
            return funnel.CandidatesSkippedSlotsFull == funnel.Candidates
                ? sb.Append(", all while every slot was taken.").ToString()
                : sb.Append(", none had a valid level.").ToString();
        }
        sb.Append(", ").Append(Count(funnel.WithLevels)).Append(" with a level");
        if (funnel.Signals == 0)
        {
            return sb.Append(", no signal.").ToString();
        }
        sb.Append(", ").Append(Count(funnel.Signals)).Append(funnel.Signals == 1 ? " signal" : " signals");
        if (funnel.OrdersSent == 0)
        {
            if (funnel.RiskVetoes == funnel.Signals)
            {
                return sb.Append(funnel.Signals == 1 ? ", vetoed by risk: " : ", all vetoed by risk: ").Append(Vetoes(funnel)).Append('.').ToString();
            }
            sb.Append(": ").Append(Count(funnel.RiskVetoes)).Append(" vetoed by risk");
            if (funnel.RiskVetoes > 0)
            {
                sb.Append(" (").Append(Vetoes(funnel)).Append(')');
            }
            return sb.Append(", ").Append(Count(funnel.Abandoned)).Append(" abandoned before an order was sent.").ToString();
        }
        return sb.Append(", ").Append(Count(funnel.OrdersSent)).Append(" entry orders sent, none filled (")
            .Append(Count(funnel.EntryFailures)).Append(" failed).").ToString();
    }

    private static string Pairs(IReadOnlyDictionary<string, long> counts, bool skipZero)
    {
        var parts = new List<string>(counts.Count);
        foreach (var (name, n) in counts)
        {
            if (!skipZero || n > 0)
            {
                parts.Add(name + " " + Count(n));
            }
        }
        return parts.Count > 0 ? string.Join(", ", parts) : "none";
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
