using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// The reports of the last few runs finished in this process, as the job built them, so the page of a run just finished
/// shows its report without reading the stored copy back (decompressing and parsing a year of ten instruments takes
/// 0.2–0.3 s). The stored report is this report's JSON, so both show the same; only a run whose report is stored is
/// answered from here (<see cref="BacktestService.GetAsync"/>).
/// </summary>
public sealed class RecentReports(int capacity = 2)
{
    private readonly Lock _gate = new();
    private readonly List<(long RunId, ReplayReport Report)> _reports = [];

    public void Put(long runId, ReplayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            _reports.RemoveAll(r => r.RunId == runId);
            _reports.Add((runId, report));
            if (_reports.Count > Math.Max(capacity, 1))
            {
                _reports.RemoveAt(0);
            }
        }
    }

    public ReplayReport? Get(long runId)
    {
        lock (_gate)
        {
            return _reports.Find(r => r.RunId == runId).Report;
        }
    }

    public void Remove(long runId)
    {
        lock (_gate)
        {
            _reports.RemoveAll(r => r.RunId == runId);
        }
    }
}
