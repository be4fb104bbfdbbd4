using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// Counts failed log-ins per account name and per client address in memory and says how long the next attempt must
/// wait (<see cref="LogInThrottleOptions"/>). It never touches the user store: an attacker can delay log-ins to an
/// account by at most <see cref="LogInThrottleOptions.MaxAccountDelay"/>, never lock it, and never end its sessions.
/// Attempts refused while waiting are not counted, so they do not lengthen the wait.
/// </summary>
public sealed class LogInThrottle(IOptions<LogInThrottleOptions> options, TimeProvider time)
{
    private const int MaxTrackedKeys = 50_000;

    private readonly Dictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>How long an attempt for <paramref name="account"/> from <paramref name="address"/> must still wait; zero when it may go ahead.</summary>
    public TimeSpan WaitBefore(string account, string address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var forAccount = Remaining(AccountKey(account), now);
            var forAddress = Remaining(AddressKey(address), now);
            return forAccount > forAddress ? forAccount : forAddress;
        }
    }

    public void RecordFailure(string account, string address)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_failures.Count >= MaxTrackedKeys)
            {
                Prune(now);
            }

            Record(AccountKey(account), now, o.FreeFailuresPerAccount, o.MaxAccountDelay);
            Record(AddressKey(address), now, o.FreeFailuresPerAddress, o.MaxAddressDelay);
        }
    }

    /// <summary>A successful log-in clears the account's failures (not the address's: owning one account must not reset guessing at others).</summary>
    public void RecordSuccess(string account)
    {
        lock (_gate)
        {
            _failures.Remove(AccountKey(account));
        }
    }

    private static string AccountKey(string account) => "a:" + (account ?? string.Empty).Trim().ToUpperInvariant();

    private static string AddressKey(string address) => "i:" + address;

    private TimeSpan Remaining(string key, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var f) || now - f.Last > options.Value.ForgetAfter)
        {
            return TimeSpan.Zero;
        }

        var left = f.NotBefore - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void Record(string key, DateTimeOffset now, int free, TimeSpan max)
    {
        var count = _failures.TryGetValue(key, out var f) && now - f.Last <= options.Value.ForgetAfter ? f.Count + 1 : 1;
        var notBefore = now + Delay(count - free, max);
        _failures[key] = new Failures(count, now, notBefore);
    }

    /// <summary>Zero up to the free failures, then the first delay doubled per further failure, capped.</summary>
    private TimeSpan Delay(int beyondFree, TimeSpan max)
    {
        if (beyondFree < 0)
        {
            return TimeSpan.Zero;
        }

        var first = options.Value.FirstDelay;
        var doublings = Math.Min(beyondFree, 30);
        var ticks = first.Ticks * Math.Pow(2, doublings);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    private void Prune(DateTimeOffset now)
    {
        var forget = options.Value.ForgetAfter;
        foreach (var key in _failures.Where(kv => now - kv.Value.Last > forget).Select(kv => kv.Key).ToList())
        {
            _failures.Remove(key);
        }

        if (_failures.Count >= MaxTrackedKeys)
        {
            // Still full of recent failures: drop the oldest half rather than grow without bound.
            foreach (var key in _failures.OrderBy(kv => kv.Value.Last).Take(MaxTrackedKeys / 2).Select(kv => kv.Key).ToList())
            {
                _failures.Remove(key);
            }
        }
    }

    private readonly record struct Failures(int Count, DateTimeOffset Last, DateTimeOffset NotBefore);
}
