namespace BreakoutBot.Infrastructure.Backtests;

/// <summary>
/// A parameter sweep: one preset version replayed once per combination of up to two fields' values (at most
/// <see cref="SweepRequest.MaxCombinations"/>), each combination a <see cref="BacktestRunEntity"/> of this sweep; with a
/// walk-forward split, each combination also runs on the test range.
/// </summary>
public sealed class SweepEntity
{
    public long Id { get; set; }

    public string OwnerId { get; set; } = "";

    public string OwnerName { get; set; } = "";

    public string PresetName { get; set; } = "";

    public int PresetVersion { get; set; }

    /// <summary>The fields and their values, as JSON: [{"field":"risk.risk_per_trade","values":[0.01,0.02]}, …].</summary>
    public string Fields { get; set; } = "[]";

    public DateTimeOffset? TestFrom { get; set; }

    public DateTimeOffset? TestTo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
