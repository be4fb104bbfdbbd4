namespace BreakoutBot.Infrastructure.Persistence.Entities;

/// <summary>One user action: log-in, failed log-in, engine command, preset edit, role change…</summary>
public sealed class AuditLogEntity
{
    public long Id { get; set; }

    public DateTimeOffset Time { get; set; }

    public string? UserId { get; set; }

    public string? UserName { get; set; }

    public string Action { get; set; } = "";

    public string? Target { get; set; }

    public string? Details { get; set; }

    public bool Success { get; set; }
}
