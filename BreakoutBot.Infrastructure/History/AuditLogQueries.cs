using BreakoutBot.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreakoutBot.Infrastructure.History;

/// <summary>Reads the audit log newest first with filters and paging (the page itself is Admin only).</summary>
public sealed class AuditLogQueries(IDbContextFactory<BreakoutBotDbContext> contexts)
{
    public async Task<HistoryPage<AuditEntryRow>> SearchAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 1, HistoryFilter.MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var q = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim();
            q = q.Where(a => a.UserName != null && a.UserName.Contains(user));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            q = q.Where(a => a.Action == action);
        }
        q = filter.From is null ? q : q.Where(a => a.Time >= filter.From.Value);
        q = filter.To is null ? q : q.Where(a => a.Time < filter.To.Value);
        var total = await q.CountAsync(cancellationToken);
        var rows = await q.OrderByDescending(a => a.Time).ThenByDescending(a => a.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(a => new AuditEntryRow(a.Id, a.Time, a.UserName, a.Action, a.Target, a.Details, a.Success))
            .ToListAsync(cancellationToken);
        return new HistoryPage<AuditEntryRow>(rows, page, size, total);
    }

    /// <summary>The distinct actions recorded so far, for the action filter.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditLog.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
    }
}
