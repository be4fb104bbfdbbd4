namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>What one retention run deleted.</summary>
public sealed record RetentionResult(DateTimeOffset Cutoff, int TransitionsDeleted, int EquitySnapshotsDeleted);
