using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Domain.Signals;

/// <summary>
/// Keeps signals alive for <c>signal_timeout_minutes</c>, refuses duplicates (same instrument, side, strategy and level
/// as a signal of the last 24 hours, so one breakout gives at most one momentum and one retest entry, whatever the
/// number of cycles per bar), caps the active list, records breakouts for retests and keeps a bounded history. A
/// breakout recorded on a bar is never retested on that bar (<see cref="BreakoutHistory.FindLatest"/>).
/// </summary>
public sealed class SignalManager : ISignalManager
{
    public const int HistoryCapacity = 1000;
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromHours(24);
    private readonly SignalGenerator _generator;
    private readonly IMarketViewSource _markets;
    private readonly TimeProvider _time;
    private readonly List<Signal> _active = [];
    private readonly List<SignalRecord> _history = [];
    private readonly List<Signal> _recentForDedup = [];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _lastBreakoutBar = new(StringComparer.Ordinal);

    public SignalManager(SignalGenerator generator, IMarketViewSource markets, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(time);
        _generator = generator;
        _markets = markets;
        _time = time;
    }

    public IReadOnlyList<Signal> ActiveSignals
    {
        get
        {
            lock (_gate)
            {
                return [.. _active];
            }
        }
    }

    public IReadOnlyList<SignalRecord> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    public IReadOnlyList<Signal> Generate(IReadOnlyList<ScanResult> candidates, TradingPreset preset, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(preset);
        Expire(now);
        // Made only when a signal is created, and candidates read by index: most cycles create none and allocate nothing.
        List<Signal>? created = null;
        for (var c = 0; c < candidates.Count; c++)
        {
            var candidate = candidates[c];
            var market = _markets.GetMarket(candidate.InstrumentId);
            if (market?.LastCandle is not { } bar)
            {
                continue;
            }
            // Record breakouts once per bar per instrument; a retest on this bar does not see them (strictly earlier bars only).
            lock (_gate)
            {
                if (!_lastBreakoutBar.TryGetValue(candidate.InstrumentId, out var seen) || seen < bar.Time)
                {
                    _lastBreakoutBar[candidate.InstrumentId] = bar.Time;
                    _generator.RecordBreakouts(candidate, market, preset);
                }
            }
            var signal = _generator.Generate(candidate, market, preset, now);
            if (signal is null)
            {
                continue;
            }
            lock (_gate)
            {
                if (IsDuplicate(signal, now) || _active.Count >= preset.SignalConfig.MaxActiveSignals)
                {
                    continue;
                }
                _active.Add(signal);
                _recentForDedup.Add(signal);
                AddHistory(new SignalRecord(signal, SignalStatus.Active, null, now));
                (created ??= []).Add(signal);
            }
        }
        if (created is null)
        {
            return [];
        }
        created.Sort((a, b) => b.Confidence.CompareTo(a.Confidence));
        return created;
    }

    public void MarkStatus(string signalId, SignalStatus status, string? reason = null)
    {
        lock (_gate)
        {
            var index = _active.FindIndex(s => s.Id == signalId);
            if (index < 0)
            {
                return;
            }
            var signal = _active[index];
            if (status != SignalStatus.Active)
            {
                _active.RemoveAt(index);
            }
            AddHistory(new SignalRecord(signal, status, reason, _time.GetUtcNow()));
        }
    }

    private void Expire(DateTimeOffset now)
    {
        lock (_gate)
        {
            for (var i = _active.Count - 1; i >= 0; i--)
            {
                if (_active[i].ExpiresAt <= now)
                {
                    AddHistory(new SignalRecord(_active[i], SignalStatus.Expired, "not executed before it expired", now));
                    _active.RemoveAt(i);
                }
            }
            var cutoff = now - DuplicateWindow;
            // A loop, not RemoveAll with a lambda: this runs every cycle and would allocate a closure each time.
            for (var i = _recentForDedup.Count - 1; i >= 0; i--)
            {
                if (_recentForDedup[i].CreatedAt < cutoff)
                {
                    _recentForDedup.RemoveAt(i);
                }
            }
        }
    }

    private bool IsDuplicate(Signal signal, DateTimeOffset now)
    {
        foreach (var s in _recentForDedup)
        {
            if (s.InstrumentId == signal.InstrumentId && s.Side == signal.Side && s.Strategy == signal.Strategy
                && now - s.CreatedAt < DuplicateWindow
                && Math.Abs(s.Level.Price - signal.Level.Price) <= Math.Max(0.5 * signal.Atr, signal.Level.Price * 0.001))
            {
                return true;
            }
        }
        return false;
    }

    private void AddHistory(SignalRecord record)
    {
        _history.Add(record);
        if (_history.Count > HistoryCapacity)
        {
            _history.RemoveRange(0, _history.Count - HistoryCapacity);
        }
    }
}
