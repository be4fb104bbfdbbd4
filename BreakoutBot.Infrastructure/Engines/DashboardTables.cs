using System.Globalization;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>A filter's verdict in a dashboard's scan table.</summary>
public enum FilterVerdict
{
    Passed,
    Failed,
    NotChecked,
}

/// <summary>One filter of one instrument as the dashboard shows it: its name, verdict and the sentence describing it.</summary>
public sealed record FilterChip(string Name, FilterVerdict Verdict, string Text);

/// <summary>One instrument of the last scan as the dashboard shows it.</summary>
public sealed record ScanTableRow(int Rank, string InstrumentId, bool Passed, double Score, IReadOnlyList<FilterChip> Filters);

/// <summary>
/// The top of an engine's last scan as its dashboard shows it: plain values and the filters' sentences, so the node
/// running the engine can publish it to the other nodes (ADR-021) and every dashboard draws it the same way.
/// </summary>
public sealed record ScanTable(DateTimeOffset Time, int PassedFilters, int TotalScanned, IReadOnlyList<string> NotChecked, IReadOnlyList<ScanTableRow> Rows)
{
    /// <summary>Instruments a dashboard shows of a scan.</summary>
    public const int RowCount = 10;

    public static ScanTable From(ScanOutcome scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var rows = new List<ScanTableRow>(Math.Min(RowCount, scan.Results.Count));
        foreach (var r in scan.Results.Take(RowCount))
        {
            var chips = new List<FilterChip>(r.Filters.Count);
            foreach (var (name, f) in r.Filters)
            {
                var verdict = f.Passed ? FilterVerdict.Passed : f.Failed ? FilterVerdict.Failed : FilterVerdict.NotChecked;
                chips.Add(new FilterChip(name, verdict, FilterDescriptions.Describe(name, f, r)));
            }
            rows.Add(new ScanTableRow(r.Rank, r.InstrumentId, r.PassedAllFilters, r.Score, chips));
        }
        return new ScanTable(scan.Time, scan.PassedFilters, scan.TotalScanned, scan.NotCheckedNames, rows);
    }
}

/// <summary>One signal as the dashboard lists it, with its conditions in one line.</summary>
public sealed record SignalRow(
    DateTimeOffset CreatedAt,
    string InstrumentId,
    string Side,
    string Strategy,
    decimal Entry,
    decimal StopLoss,
    double Confidence,
    string Status,
    string Conditions)
{
    /// <summary>Signals a dashboard lists.</summary>
    public const int RowCount = 15;

    /// <summary>
    /// The newest <see cref="RowCount"/> signals of a signal history (oldest first, as the history keeps them), newest
    /// first, one row per signal with its latest status: the history records a signal once when it becomes active and again
    /// when it is executed, rejected or expires, and two rows of one signal read as a duplicate.
    /// </summary>
    public static IReadOnlyList<SignalRow> Latest(IReadOnlyList<SignalRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var rows = new List<SignalRow>(Math.Min(RowCount, history.Count));
        var shown = new HashSet<string>(StringComparer.Ordinal);
        for (var i = history.Count - 1; i >= 0 && rows.Count < RowCount; i--)
        {
            var r = history[i];
            var s = r.Signal;
            if (!shown.Add(s.Id))
            {
                // An older record of a signal already listed with a later status.
                continue;
            }
            rows.Add(new SignalRow(s.CreatedAt, s.InstrumentId, s.Side.ToString(), s.Strategy.ToString(), s.Entry, s.StopLoss, s.Confidence,
                r.Status + (r.Reason is null ? "" : " — " + r.Reason), ConditionsOf(s)));
        }
        return rows;
    }

    private static string ConditionsOf(Signal signal) =>
        string.Join("; ", signal.Conditions.Select(c => c.Value.IsAvailable
            ? string.Create(CultureInfo.InvariantCulture, $"{c.Key} {(c.Value.Passed ? "ok" : "no")} {c.Value.Value:0.###} vs {c.Value.Threshold:0.###}")
            : c.Key + " not checked (no input)"));
}
