namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>One handled error, kept in <see cref="ErrorHandler.RecentErrors"/>.</summary>
public sealed record ErrorRecord(
    DateTimeOffset Time,
    string Component,
    string Operation,
    string ExceptionType,
    string Message,
    ErrorSeverity Severity,
    ErrorCategory Category,
    RecoveryStrategy Strategy);
