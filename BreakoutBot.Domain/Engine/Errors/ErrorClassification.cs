namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>The severity, category and recovery strategy that <see cref="ErrorClassifier"/> gives an exception.</summary>
public readonly record struct ErrorClassification(ErrorSeverity Severity, ErrorCategory Category, RecoveryStrategy Strategy);
