using BreakoutBot.Domain.Common;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// The outcome of one reconciliation: when, why it ran, every difference with its action (empty when in step), and the
/// breaches of the invariant still found after it (each open position has exactly one live stop covering it, no stray
/// engine orders); an empty <see cref="Violations"/> list means the invariant held.
/// </summary>
public sealed record ReconciliationReport(DateTimeOffset At, string Trigger, IReadOnlyList<ReconciliationItem> Items, string? Error = null, IReadOnlyList<string>? Violations = null)
{
    public IReadOnlyList<string> Violations { get; init; } = Violations ?? [];

    public bool InStep => Error is null && Items.Count == 0 && Violations.Count == 0;

    public string Summary
    {
        get
        {
            if (Error is not null)
            {
                return $"Reconciliation ({Trigger}) failed: {Error}";
            }
            var text = Items.Count == 0
                ? $"Reconciliation ({Trigger}): engine and exchange agree."
                : $"Reconciliation ({Trigger}): {Counted.Of(Items.Count, "difference")} resolved: " + string.Join("; ", Items.Select(i => $"{i.InstrumentId}: {i.Difference} → {i.Action}"));
            return Violations.Count == 0 ? text : text + " STILL WRONG after it: " + string.Join("; ", Violations);
        }
    }
}
