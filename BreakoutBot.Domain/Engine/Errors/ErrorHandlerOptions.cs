using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>Retry, back-off and history settings of the <see cref="ErrorHandler"/>.</summary>
public sealed record ErrorHandlerOptions
{
    public const string SectionName = "Engine:ErrorHandling";

    /// <summary>Retries per "component:operation" before the handler gives up and asks for the Error state.</summary>
    [Range(0, 100)]
    public int MaxRetries { get; init; } = 3;

    /// <summary>The delay before the first retry; each further retry doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap on the doubled delay (before jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The relative jitter: the delay is multiplied by a uniform factor in [1 - Jitter, 1 + Jitter].</summary>
    [Range(0.0, 1.0)]
    public double Jitter { get; init; } = 0.1;

    /// <summary>How many errors <see cref="ErrorHandler.RecentErrors"/> keeps.</summary>
    [Range(1, 100_000)]
    public int HistorySize { get; init; } = 1000;

    public CircuitBreakerOptions CircuitBreaker { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries cannot be negative.");
        }
        if (BaseDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "BaseDelay cannot be negative.");
        }
        if (MaxDelay < BaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "MaxDelay cannot be shorter than BaseDelay.");
        }
        if (double.IsNaN(Jitter) || Jitter is < 0.0 or > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "Jitter must be between 0 and 1.");
        }
        if (HistorySize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HistorySize), HistorySize, "HistorySize must be at least 1.");
        }
        if (CircuitBreaker is null)
        {
            throw new ArgumentOutOfRangeException(nameof(CircuitBreaker), "CircuitBreaker options are required.");
        }
        CircuitBreaker.Validate();
    }
}
