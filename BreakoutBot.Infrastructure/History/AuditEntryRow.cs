namespace BreakoutBot.Infrastructure.History;

/// <summary>One audit-log entry as listed on the admin audit page.</summary>
public sealed record AuditEntryRow(long Id, DateTimeOffset Time, string? UserName, string Action, string? Target, string? Details, bool Success);
