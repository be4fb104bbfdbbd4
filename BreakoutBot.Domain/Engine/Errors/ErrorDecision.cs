namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>What the engine should do about one handled error.</summary>
/// <param name="Key">The "component:operation" key.</param>
/// <param name="Severity">From the classification.</param>
/// <param name="Category">From the classification.</param>
/// <param name="Strategy">From the classification.</param>
/// <param name="ShouldRetry">True when the caller should wait <paramref name="Delay"/> and try again.</param>
/// <param name="Delay">The back-off before the retry; zero when not retrying.</param>
/// <param name="NextState">
/// The state the engine should move to, or null to stay: Emergency for an emergency or critical error; Error when
/// retries are exhausted or the circuit is open; Scanning (restart the cycle) for a reset.
/// </param>
/// <param name="RetryCount">For a retry, which retry this is (1 = first); otherwise the retries made so far.</param>
/// <param name="CircuitOpen">True when the key's circuit is open after this error.</param>
/// <param name="Message">The exception's message.</param>
public sealed record ErrorDecision(
    string Key,
    ErrorSeverity Severity,
    ErrorCategory Category,
    RecoveryStrategy Strategy,
    bool ShouldRetry,
    TimeSpan Delay,
    TradingState? NextState,
    int RetryCount,
    bool CircuitOpen,
    string Message);
