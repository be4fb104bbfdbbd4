using System.Collections.Concurrent;
using BreakoutBot.Domain.Abstractions;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>Keeps every audit entry in memory for assertions.</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditEntry> _entries = new();

    public IReadOnlyList<AuditEntry> Entries => [.. _entries];

    public void Record(string? userId, string? userName, string action, string? target, string? details, bool success = true) =>
        _entries.Enqueue(new AuditEntry(userId, userName, action, target, details, success));

    public sealed record AuditEntry(string? UserId, string? UserName, string Action, string? Target, string? Details, bool Success);
}
