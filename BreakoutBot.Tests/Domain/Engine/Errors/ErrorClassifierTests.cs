using System.Text.Json;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Engine.Errors;

#pragma warning disable CA2201 // The classifier must handle plain Exception and runtime-reserved OutOfMemoryException.

namespace BreakoutBot.Tests.Domain.Engine.Errors;

public class ErrorClassifierTests
{
    [Theory]
    [InlineData("timeout", ErrorSeverity.Medium, ErrorCategory.Network, RecoveryStrategy.Retry)]
    [InlineData("task-cancelled", ErrorSeverity.Medium, ErrorCategory.Network, RecoveryStrategy.Retry)]
    [InlineData("aggregate-timeout", ErrorSeverity.Medium, ErrorCategory.Network, RecoveryStrategy.Retry)]
    [InlineData("io", ErrorSeverity.High, ErrorCategory.Network, RecoveryStrategy.Retry)]
    [InlineData("transient", ErrorSeverity.Medium, ErrorCategory.External, RecoveryStrategy.Retry)]
    [InlineData("format", ErrorSeverity.Medium, ErrorCategory.Data, RecoveryStrategy.Skip)]
    [InlineData("argument", ErrorSeverity.Medium, ErrorCategory.Data, RecoveryStrategy.Skip)]
    [InlineData("argument-null", ErrorSeverity.Medium, ErrorCategory.Data, RecoveryStrategy.Skip)]
    [InlineData("key-not-found", ErrorSeverity.Medium, ErrorCategory.Data, RecoveryStrategy.Skip)]
    [InlineData("invalid-data", ErrorSeverity.Medium, ErrorCategory.Data, RecoveryStrategy.Skip)]
    [InlineData("json", ErrorSeverity.Medium, ErrorCategory.Data, RecoveryStrategy.Skip)]
    [InlineData("out-of-memory", ErrorSeverity.Critical, ErrorCategory.System, RecoveryStrategy.Emergency)]
    [InlineData("unauthorized", ErrorSeverity.Critical, ErrorCategory.System, RecoveryStrategy.Emergency)]
    [InlineData("domain", ErrorSeverity.High, ErrorCategory.Logic, RecoveryStrategy.Reset)]
    [InlineData("invalid-operation", ErrorSeverity.Medium, ErrorCategory.Logic, RecoveryStrategy.Reset)]
    public void ClassifiesExceptionsByType(string kind, ErrorSeverity severity, ErrorCategory category, RecoveryStrategy strategy)
    {
        var classification = ErrorClassifier.Classify(Create(kind));

        classification.ShouldBe(new ErrorClassification(severity, category, strategy));
    }

    [Theory]
    [InlineData("Scanning cycle failed: Request timeout", ErrorSeverity.Medium, ErrorCategory.Network, RecoveryStrategy.Retry)]
    [InlineData("Connection reset by peer", ErrorSeverity.Medium, ErrorCategory.Network, RecoveryStrategy.Retry)]
    [InlineData("NETWORK unreachable", ErrorSeverity.Medium, ErrorCategory.Network, RecoveryStrategy.Retry)]
    [InlineData("Permission denied for this API key", ErrorSeverity.High, ErrorCategory.System, RecoveryStrategy.Emergency)]
    [InlineData("403 Forbidden", ErrorSeverity.High, ErrorCategory.System, RecoveryStrategy.Emergency)]
    [InlineData("Access denied", ErrorSeverity.High, ErrorCategory.System, RecoveryStrategy.Emergency)]
    [InlineData("access too frequent", ErrorSeverity.Medium, ErrorCategory.External, RecoveryStrategy.Retry)]
    [InlineData("Rate limit exceeded", ErrorSeverity.Medium, ErrorCategory.External, RecoveryStrategy.Retry)]
    [InlineData("Signal cycle failed: index out of range", ErrorSeverity.Medium, ErrorCategory.Logic, RecoveryStrategy.Reset)]
    public void ClassifiesPlainExceptionsByMessage(string message, ErrorSeverity severity, ErrorCategory category, RecoveryStrategy strategy)
    {
        ErrorClassifier.Classify(new Exception(message)).ShouldBe(new ErrorClassification(severity, category, strategy));
    }

    [Fact]
    public void MessageRulesApplyOnlyToPlainExceptions()
    {
        var disposed = new ObjectDisposedException("socket", "Cannot access a disposed object.");

        ErrorClassifier.Classify(disposed).Strategy.ShouldBe(RecoveryStrategy.Reset);
    }

    [Fact]
    public void CancellationByTheCallerIsIgnoredButOtherCancellationIsATimeout()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var cancelled = new OperationCanceledException(cts.Token);

        ErrorClassifier.Classify(cancelled, cancelledByCaller: true)
            .ShouldBe(new ErrorClassification(ErrorSeverity.Low, ErrorCategory.System, RecoveryStrategy.Ignore));
        ErrorClassifier.Classify(cancelled).Strategy.ShouldBe(RecoveryStrategy.Retry);
    }

    private static Exception Create(string kind) => kind switch
    {
        "timeout" => new TimeoutException("no answer"),
        "task-cancelled" => new TaskCanceledException("request cancelled by its own timeout"),
        "aggregate-timeout" => new AggregateException(new TimeoutException("inner")),
        "io" => new IOException("broken pipe"),
        "transient" => new TransientException("exchange busy"),
        "format" => new FormatException("bad number"),
        "argument" => new ArgumentException("bad value", nameof(kind)),
        "argument-null" => new ArgumentNullException(nameof(kind)),
        "key-not-found" => new KeyNotFoundException("no such symbol"),
        "invalid-data" => new InvalidDataException("truncated candle"),
        "json" => new JsonException("unexpected token"),
        "out-of-memory" => new OutOfMemoryException(),
        "unauthorized" => new UnauthorizedAccessException("no access to the key file"),
        "domain" => new DomainException("position size is negative"),
        "invalid-operation" => new InvalidOperationException("network access denied"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown test exception kind."),
    };
}
