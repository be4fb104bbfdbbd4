using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// One sliding-window limiter per endpoint (and per instrument or instrument type for partitioned endpoints), sized by
/// the endpoint's OKX limit. Callers queue for a permit instead of being refused; the wait ends with the caller's
/// cancellation token. Share one registry between the clients of one account or IP so they count together.
/// </summary>
public sealed class OkxRateLimiterRegistry : IDisposable
{
    private const int SegmentsPerWindow = 10;
    private const int QueueLimit = 10_000;

    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <param name="window">OKX counts per 2 s; tests shrink the window to stay fast.</param>
    public OkxRateLimiterRegistry(TimeSpan? window = null)
    {
        Window = window ?? TimeSpan.FromSeconds(2);
        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The rate-limit window must be positive.");
        }
    }

    public TimeSpan Window { get; }

    /// <summary>
    /// Waits for <paramref name="permits"/> permits of <paramref name="endpoint"/> (partitioned by <paramref name="partition"/>,
    /// e.g. the instId). The lease is unacquired only when more permits are asked than the endpoint allows per window.
    /// </summary>
    public ValueTask<RateLimitLease> AcquireAsync(OkxEndpoint endpoint, string? partition, int permits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = endpoint.IsPartitioned && !string.IsNullOrEmpty(partition)
            ? string.Concat(endpoint.Method.Method, " ", endpoint.Path, "|", partition)
            : string.Concat(endpoint.Method.Method, " ", endpoint.Path);
        var limiter = _limiters.GetOrAdd(key, _ => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = endpoint.PermitsPerWindow,
            Window = Window,
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
        return limiter.AcquireAsync(Math.Clamp(permits, 1, endpoint.PermitsPerWindow), cancellationToken);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
        _limiters.Clear();
    }
}
