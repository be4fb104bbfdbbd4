namespace BreakoutBot.Infrastructure.Engines;

/// <summary>The outcome of one reconciliation: when, why it ran, and every difference with its action (empty when in step).</summary>
public sealed record ReconciliationReport(DateTimeOffset At, string Trigger, IReadOnlyList<ReconciliationItem> Items, string? Error = null)
{
    public bool InStep => Error is null && Items.Count == 0;

    public string Summary => Error is not null
        ? $"Reconciliation ({Trigger}) failed: {Error}"
        : Items.Count == 0
            ? $"Reconciliation ({Trigger}): engine and exchange agree."
            : $"Reconciliation ({Trigger}): {Items.Count} difference(s) resolved: " + string.Join("; ", Items.Select(i => $"{i.InstrumentId}: {i.Difference} → {i.Action}"));
}
