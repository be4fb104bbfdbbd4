using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>
/// The audit log in the <c>AuditLog</c> table. <see cref="Record"/> stamps the entry with the current time and queues
/// it (bounded, never blocking the caller); a background writer stores entries in order, in batches.
/// </summary>
public sealed class EfAuditLog(
    IDbContextFactory<BreakoutBotDbContext> contexts,
    IOptions<WriteBehindOptions> options,
    TimeProvider time,
    ILogger<EfAuditLog> logger)
    : WriteBehindWriter<AuditLogEntity>(contexts, options?.Value ?? throw new ArgumentNullException(nameof(options)), time, logger), IAuditLog
{
    protected override string ItemName => "audit entry";

    public void Record(string? userId, string? userName, string action, string? target, string? details, bool success = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        var entry = new AuditLogEntity
        {
            Time = Clock.GetUtcNow(),
            UserId = userId,
            UserName = userName,
            Action = action,
            Target = target,
            Details = details,
            Success = success,
        };
        if (!TryEnqueue(entry))
        {
            Logger.LogWarning("Audit entry not stored: {Action} by {User} on {Target} (success {Success}).", action, userName ?? userId, target, success);
        }
    }

    protected override async Task WriteBatchAsync(BreakoutBotDbContext db, IReadOnlyList<AuditLogEntity> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.AuditLog.AddRange(batch);
        await db.SaveChangesAsync(cancellationToken);
    }
}
