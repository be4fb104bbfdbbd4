namespace BreakoutBot.Domain.Signals;

/// <summary>A signal with its lifecycle status and the reason of its last change.</summary>
public sealed record SignalRecord(Signal Signal, SignalStatus Status, string? Reason, DateTimeOffset UpdatedAt);
