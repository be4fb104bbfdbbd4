using BreakoutBot.Domain.Engine.Errors;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>
/// The engine's error policy: classifies failures, decides retry / next state with back-off and per-key circuit
/// breakers, and keeps recent errors. Keys are "component:operation".
/// </summary>
public interface IErrorHandler
{
    /// <summary>Classifies and records <paramref name="exception"/> and says what to do next.</summary>
    ErrorDecision Handle(string component, string operation, Exception exception);

    /// <summary>Resets the key's retry counter and counts a success on its circuit breaker.</summary>
    void RecordSuccess(string component, string operation);

    /// <summary>True while the key's circuit is open (it turns half-open once the open period has passed).</summary>
    bool IsCircuitOpen(string component, string operation);

    /// <summary>The last errors handled, oldest first.</summary>
    IReadOnlyList<ErrorRecord> RecentErrors { get; }

    ErrorStatistics Statistics { get; }

    /// <summary>
    /// Runs <paramref name="action"/>, retrying retryable failures after the back-off delays and rethrowing
    /// anything else, or the last failure once retries are exhausted.
    /// </summary>
    Task<T> ExecuteWithRetryAsync<T>(string component, string operation, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken);

    /// <inheritdoc cref="ExecuteWithRetryAsync{T}"/>
    Task ExecuteWithRetryAsync(string component, string operation, Func<CancellationToken, Task> action, CancellationToken cancellationToken);
}
