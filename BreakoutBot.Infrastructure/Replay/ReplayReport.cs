namespace BreakoutBot.Infrastructure.Replay;

/// <summary>The JSON document a replay writes: what was replayed, the summary and every trade.</summary>
public sealed record ReplayReport(
    string Preset,
    IReadOnlyList<string> Instruments,
    DateTimeOffset From,
    DateTimeOffset To,
    int Bars,
    ReplaySummary Summary,
    IReadOnlyList<ReplayTrade> Trades);
