namespace BreakoutBot.Infrastructure.History;

/// <summary>Audit-log filters: user name (contains), action (exact), time range (From inclusive, To exclusive), page from 1.</summary>
public sealed record AuditFilter
{
    public string? User { get; init; }

    public string? Action { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = HistoryFilter.DefaultPageSize;
}
