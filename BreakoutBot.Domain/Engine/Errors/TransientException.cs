namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>
/// A failure worth retrying (rate limit, exchange busy, dropped connection). Adapters throw it, or a subclass, so
/// that the engine's <see cref="ErrorHandler"/> retries with back-off without knowing any networking types.
/// </summary>
public class TransientException : Exception
{
    public TransientException() { }

    public TransientException(string message) : base(message) { }

    public TransientException(string message, Exception inner) : base(message, inner) { }

    public TransientException(string message, TimeSpan? retryAfter, Exception? inner = null) : base(message, inner)
    {
        if (retryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryAfter), retryAfter, "Retry-after cannot be negative.");
        }
        RetryAfter = retryAfter;
    }

    /// <summary>The shortest wait the remote side asked for, if it said (e.g. a rate-limit reset); the retry delay is at least this.</summary>
    public TimeSpan? RetryAfter { get; }
}
