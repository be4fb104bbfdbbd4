namespace BreakoutBot.Domain.Abstractions;

/// <summary>
/// Records user actions (log-ins, failed log-ins, engine commands, preset edits, role changes). Writing never blocks
/// the caller on the database; entries are kept in order. Never pass secrets in <paramref name="details"/>.
/// </summary>
public interface IAuditLog
{
    void Record(string? userId, string? userName, string action, string? target, string? details, bool success = true);
}
