namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// Queued REST faults. Each entry applies to the next <c>times</c> requests whose path (without query) starts with
/// its prefix; entries are consumed in the order they were queued.
/// </summary>
public sealed class FakeOkxFaults
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    /// <summary>Makes the next <paramref name="times"/> calls to paths starting with <paramref name="pathPrefix"/> fail.</summary>
    public void Enqueue(string pathPrefix, FakeOkxFault fault, int times = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_gate)
        {
            _entries.Add(new Entry(pathPrefix, fault, times));
        }
    }

    /// <summary>How many fault applications are still queued.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _entries.Sum(e => e.Remaining);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal FakeOkxFault? TryTake(string path)
    {
        lock (_gate)
        {
            var entry = _entries.FirstOrDefault(e => path.StartsWith(e.PathPrefix, StringComparison.Ordinal));
            if (entry is null)
            {
                return null;
            }
            entry.Remaining--;
            if (entry.Remaining == 0)
            {
                _entries.Remove(entry);
            }
            return entry.Fault;
        }
    }

    private sealed class Entry(string pathPrefix, FakeOkxFault fault, int remaining)
    {
        public string PathPrefix { get; } = pathPrefix;
        public FakeOkxFault Fault { get; } = fault;
        public int Remaining { get; set; } = remaining;
    }
}
