namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>A snapshot of the <see cref="ErrorHandler"/>'s counters.</summary>
/// <param name="TotalErrors">Errors handled since start.</param>
/// <param name="ErrorsByCategory">Errors handled since start, per category (categories never seen are absent).</param>
/// <param name="Circuits">Every known circuit and its state now.</param>
/// <param name="OpenCircuits">The keys whose circuit is open now, sorted.</param>
/// <param name="RecentErrorCount">How many errors the recent-errors list holds.</param>
public sealed record ErrorStatistics(
    long TotalErrors,
    IReadOnlyDictionary<ErrorCategory, long> ErrorsByCategory,
    IReadOnlyDictionary<string, CircuitState> Circuits,
    IReadOnlyList<string> OpenCircuits,
    int RecentErrorCount);
