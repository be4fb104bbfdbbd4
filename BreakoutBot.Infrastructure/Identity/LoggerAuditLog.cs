using BreakoutBot.Domain.Abstractions;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>Fallback audit log that writes each entry to the log; the database-backed one replaces it when registered.</summary>
public sealed class LoggerAuditLog(ILogger<LoggerAuditLog> logger) : IAuditLog
{
    public void Record(string? userId, string? userName, string action, string? target, string? details, bool success = true)
    {
        logger.LogInformation(
            "Audit {Action} by {UserName} ({UserId}) on {Target}: {Outcome} {Details}",
            action, userName ?? "-", userId ?? "-", target ?? "-", success ? "ok" : "failed", details ?? string.Empty);
    }
}
