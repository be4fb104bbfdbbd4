namespace BreakoutBot.Infrastructure.History;

/// <summary>
/// An engine's stored equity over a time range, for a chart: <see cref="Points"/> are at most the number asked for (a
/// long history is thinned, keeping in every span its lowest and highest sample and always the first and the last, so
/// no drawdown disappears from the chart). The figures (<see cref="Samples"/>, start, end, high, low and the maximum
/// drawdown) are over every stored sample in the range, not over the thinned points. <see cref="MaxDrawdownFraction"/> is
/// the largest fall from a running peak as a fraction of that peak (0.05 = 5 %), <see cref="MaxDrawdown"/> that fall in
/// the account's currency.
/// </summary>
public sealed record EquityHistory(
    string EngineId,
    IReadOnlyList<EquityHistoryPoint> Points,
    int Samples,
    EquityHistoryPoint? First,
    EquityHistoryPoint? Last,
    decimal? High,
    decimal? Low,
    decimal? MaxDrawdownFraction,
    decimal? MaxDrawdown)
{
    /// <summary>True when <see cref="Points"/> holds fewer samples than the range has.</summary>
    public bool Thinned => Points.Count < Samples;

    public static EquityHistory Empty(string engineId) => new(engineId, [], 0, null, null, null, null, null, null);
}

/// <summary>One stored equity sample: the engine's clock (market time in a replay), its equity and cash.</summary>
public readonly record struct EquityHistoryPoint(DateTimeOffset Time, decimal Equity, decimal Cash);
