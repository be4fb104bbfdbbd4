using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Signals;

/// <summary>
/// Recorded breakouts per instrument, pruned after 7 days, so a retest can find the breakout it retests
/// (a level within 1 %, most recent first). The original never recorded any; here every close through a
/// candidate level is recorded once.
/// </summary>
public sealed class BreakoutHistory
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);
    public const double MatchTolerance = 0.01;
    private readonly Dictionary<string, List<BreakoutRecord>> _byInstrument = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byInstrument.Values.Sum(l => l.Count);
            }
        }
    }

    /// <summary>Records a breakout unless the same level and side was already recorded within the last day.</summary>
    public bool Record(BreakoutRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            if (!_byInstrument.TryGetValue(record.InstrumentId, out var list))
            {
                list = [];
                _byInstrument[record.InstrumentId] = list;
            }
            Prune(list, record.Time);
            foreach (var r in list)
            {
                if (r.Side == record.Side && Near(r.LevelPrice, record.LevelPrice, 0.001) && record.Time - r.Time < TimeSpan.FromDays(1))
                {
                    return false;
                }
            }
            list.Add(record);
            return true;
        }
    }

    /// <summary>
    /// The most recent breakout of a level within 1 % of <paramref name="levelPrice"/> recorded strictly before
    /// <paramref name="before"/>. A retest passes the close time of the bar it evaluates, so a breakout recorded on that
    /// same bar (its time is the bar's close) is never its own retest.
    /// </summary>
    public BreakoutRecord? FindLatest(string instrumentId, double levelPrice, DateTimeOffset before)
    {
        lock (_gate)
        {
            if (!_byInstrument.TryGetValue(instrumentId, out var list))
            {
                return null;
            }
            Prune(list, before);
            for (var i = list.Count - 1; i >= 0; i--)
            {
                var r = list[i];
                if (r.Time < before && Near(r.LevelPrice, levelPrice, MatchTolerance))
                {
                    return r;
                }
            }
            return null;
        }
    }

    public IReadOnlyList<BreakoutRecord> For(string instrumentId)
    {
        lock (_gate)
        {
            return _byInstrument.TryGetValue(instrumentId, out var list) ? [.. list] : [];
        }
    }

    private static void Prune(List<BreakoutRecord> list, DateTimeOffset now)
    {
        var cutoff = now - Retention;
        var remove = 0;
        while (remove < list.Count && list[remove].Time < cutoff)
        {
            remove++;
        }
        if (remove > 0)
        {
            list.RemoveRange(0, remove);
        }
    }

    private static bool Near(double a, double b, double tolerance) => b != 0 && Math.Abs(a - b) / Math.Abs(b) <= tolerance;
}
