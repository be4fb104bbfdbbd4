using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// The LEVEL_BUILDING phase's result: the candidates (best ranked first) that have a valid level, each with its levels,
/// and the preset's cap on candidates, so a journal can tell "no valid level" from "not among the top candidates".
/// </summary>
public sealed record LevelsBuiltEvent(string EngineId, DateTimeOffset Time, IReadOnlyList<ScanResult> Candidates, int MaxCandidates)
    : EngineEvent(EngineId, Time);
