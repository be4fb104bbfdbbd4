using BreakoutBot.Domain.Abstractions;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>The audit log used until persistence registers its own: every entry goes to the application log.</summary>
public sealed partial class LoggingAuditLog(ILogger<LoggingAuditLog> logger) : IAuditLog
{
    public void Record(string? userId, string? userName, string action, string? target, string? details, bool success = true) =>
        LogEntry(logger, action, userName ?? userId ?? "anonymous", target ?? "-", success, details ?? "");

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit {Action} by {User} on {Target} (success {Success}): {Details}")]
    private static partial void LogEntry(ILogger logger, string action, string user, string target, bool success, string details);
}
