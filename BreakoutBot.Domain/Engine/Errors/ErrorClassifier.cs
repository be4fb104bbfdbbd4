using System.Text.Json;
using BreakoutBot.Domain.Common;

namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>
/// Maps an exception to a severity, category and recovery strategy. Types are checked first; a plain
/// <see cref="Exception"/> is classified by its message, as the original bot did.
/// </summary>
public static class ErrorClassifier
{
    private static readonly string[] NetworkWords = ["timeout", "timed out", "connection", "network"];
    private static readonly string[] RateLimitWords = ["rate limit", "too many requests", "too frequent"];
    private static readonly string[] PermissionWords = ["permission", "access", "forbidden"];

    private static readonly ErrorClassification RetryNetwork = new(ErrorSeverity.Medium, ErrorCategory.Network, RecoveryStrategy.Retry);
    private static readonly ErrorClassification RetryExternal = new(ErrorSeverity.Medium, ErrorCategory.External, RecoveryStrategy.Retry);
    private static readonly ErrorClassification SkipData = new(ErrorSeverity.Medium, ErrorCategory.Data, RecoveryStrategy.Skip);
    private static readonly ErrorClassification ResetLogic = new(ErrorSeverity.Medium, ErrorCategory.Logic, RecoveryStrategy.Reset);

    /// <summary>Classifies <paramref name="exception"/>.</summary>
    /// <param name="exception">The failure; an <see cref="AggregateException"/> with one inner exception is unwrapped.</param>
    /// <param name="cancelledByCaller">
    /// True when the caller's own token is cancelled: an <see cref="OperationCanceledException"/> is then a deliberate
    /// stop (Low / System / Ignore). Any other cancellation is treated as a timeout.
    /// </param>
    public static ErrorClassification Classify(Exception exception, bool cancelledByCaller = false)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var ex = Unwrap(exception);
        return ex switch
        {
            OperationCanceledException when cancelledByCaller =>
                new(ErrorSeverity.Low, ErrorCategory.System, RecoveryStrategy.Ignore),
            TransientException => RetryExternal,
            TimeoutException or OperationCanceledException => RetryNetwork,
            InvalidDataException or FormatException or ArgumentException or KeyNotFoundException or JsonException => SkipData,
            IOException => new(ErrorSeverity.High, ErrorCategory.Network, RecoveryStrategy.Retry),
            OutOfMemoryException or UnauthorizedAccessException =>
                new(ErrorSeverity.Critical, ErrorCategory.System, RecoveryStrategy.Emergency),
            DomainException => new(ErrorSeverity.High, ErrorCategory.Logic, RecoveryStrategy.Reset),
            _ when ex.GetType() == typeof(Exception) => ClassifyByMessage(ex.Message),
            _ => ResetLogic,
        };
    }

    private static ErrorClassification ClassifyByMessage(string message)
    {
        if (ContainsAny(message, NetworkWords))
        {
            return RetryNetwork;
        }
        // Checked before the permission words so that "access too frequent" (a rate limit) is not an emergency.
        if (ContainsAny(message, RateLimitWords))
        {
            return RetryExternal;
        }
        if (ContainsAny(message, PermissionWords))
        {
            return new(ErrorSeverity.High, ErrorCategory.System, RecoveryStrategy.Emergency);
        }
        return ResetLogic;
    }

    private static bool ContainsAny(string text, string[] words) =>
        words.Any(word => text.Contains(word, StringComparison.OrdinalIgnoreCase));

    private static Exception Unwrap(Exception exception)
    {
        var current = exception;
        while (current is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            current = aggregate.InnerExceptions[0];
        }
        return current;
    }
}
