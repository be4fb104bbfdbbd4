using System.Runtime.CompilerServices;
using BreakoutBot.Domain.Engine.Errors;

namespace BreakoutBot.Infrastructure.Monitoring.Metrics;

/// <summary>
/// The circuit breakers alive in the process (each OKX REST client has one), read when metrics are collected: how many
/// are closed, open and half-open. Held weakly, so a client nobody disposes does not stay counted for ever.
/// </summary>
public static class CircuitBreakerGauge
{
    private static readonly ConditionalWeakTable<CircuitBreaker, object> Breakers = [];

    /// <summary>Counts <paramref name="breaker"/> until the returned handle is disposed (or the breaker is collected).</summary>
    public static IDisposable Track(CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        Breakers.AddOrUpdate(breaker, breaker.Key);
        return new Tracking(breaker);
    }

    /// <summary>How many tracked breakers are in each state now (every state present, zero when none).</summary>
    public static IReadOnlyDictionary<CircuitState, int> CountByState()
    {
        var counts = Enum.GetValues<CircuitState>().ToDictionary(s => s, _ => 0);
        foreach (var (breaker, _) in Breakers)
        {
            counts[breaker.State]++;
        }
        return counts;
    }

    private sealed class Tracking(CircuitBreaker breaker) : IDisposable
    {
        public void Dispose() => Breakers.Remove(breaker);
    }
}
