using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>Thresholds of a <see cref="CircuitBreaker"/>. The defaults are the original bot's.</summary>
public sealed record CircuitBreakerOptions
{
    /// <summary>Net failures (failures minus successes while closed) that open the circuit.</summary>
    [Range(1, 1000)]
    public int FailureThreshold { get; init; } = 5;

    /// <summary>How long the circuit stays open before the next query turns it half-open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan OpenDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Successes in half-open that close the circuit.</summary>
    [Range(1, 1000)]
    public int SuccessThreshold { get; init; } = 3;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (FailureThreshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FailureThreshold), FailureThreshold, "FailureThreshold must be at least 1.");
        }
        if (OpenDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(OpenDuration), OpenDuration, "OpenDuration must be positive.");
        }
        if (SuccessThreshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SuccessThreshold), SuccessThreshold, "SuccessThreshold must be at least 1.");
        }
    }
}
