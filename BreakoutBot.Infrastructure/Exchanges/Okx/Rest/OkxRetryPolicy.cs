namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>Exponential backoff with jitter: attempt n waits base × 2ⁿ plus up to half of that again, capped at <see cref="MaxDelay"/>.</summary>
public sealed class OkxRetryPolicy
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly Func<double> _random;

    /// <param name="random">A source of values in [0, 1); tests pass a fixed one.</param>
    public OkxRetryPolicy(TimeSpan baseDelay, Func<double>? random = null)
    {
        if (baseDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), baseDelay, "The retry base delay cannot be negative.");
        }
        BaseDelay = baseDelay;
        _random = random ?? Random.Shared.NextDouble;
    }

    public TimeSpan BaseDelay { get; }

    /// <summary>The wait before retry number <paramref name="attempt"/> (0 = first retry).</summary>
    public TimeSpan DelayFor(int attempt)
    {
        if (BaseDelay == TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt, 0, 16));
        var jitter = exponential * 0.5 * Math.Clamp(_random(), 0d, 1d);
        return TimeSpan.FromMilliseconds(Math.Min(exponential + jitter, MaxDelay.TotalMilliseconds));
    }
}
