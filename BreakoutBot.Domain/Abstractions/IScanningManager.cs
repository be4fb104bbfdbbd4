using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>Market scanning and level building: keeps each instrument's streaming state and ranks the universe.</summary>
public interface IScanningManager : IMarketViewSource
{
    ScanOutcome? LastScan { get; }

    /// <summary>The time of the newest bar seen across the universe (null before the first scan).</summary>
    DateTimeOffset? LastBarTime { get; }

    /// <summary>Pulls new market data for the universe, filters and scores it.</summary>
    ValueTask<ScanOutcome> ScanAsync(TradingPreset preset, CancellationToken cancellationToken = default);

    /// <summary>Pulls new market data for the given instruments only (e.g. those with open positions).</summary>
    ValueTask RefreshAsync(IReadOnlyCollection<string> instrumentIds, TradingPreset preset, CancellationToken cancellationToken = default);

    /// <summary>
    /// Builds levels for the candidates that passed every filter (the best <c>max_candidates</c> by score). With
    /// <paramref name="engineOwn"/> the candidates are for the engine alone, read before its next scan and never published:
    /// they are written into that list (cleared first) and, when the scan builds its results on demand, keep the markets'
    /// scan objects instead of copies of them (the next scan overwrites their figures, verdicts and parts; the instrument,
    /// score, rank and levels stay).
    /// </summary>
    IReadOnlyList<ScanResult> BuildLevels(ScanOutcome scan, TradingPreset preset, List<ScanResult>? engineOwn = null);

    /// <summary>Applies new preset parameters to the per-instrument state without losing the bars held.</summary>
    void Reconfigure(TradingPreset preset);

    /// <summary>The levels of an instrument on its newest bar (detected once per bar and cached); empty when unknown.</summary>
    IReadOnlyList<Levels.TradingLevel> LevelsFor(string instrumentId, TradingPreset preset);
}
