namespace BreakoutBot.Domain.Presets;

/// <summary>Which symbols the scanner looks at, how often, and how candidates are ranked.</summary>
public sealed record ScannerConfig
{
    public required int MaxCandidates { get; init; }

    public required int ScanIntervalSeconds { get; init; }

    /// <summary>
    /// Weight per score component (names in <see cref="ScoreComponents"/>). |sum| must lie in [0.8, 1.2];
    /// a negative weight ranks the opposite way (e.g. losers first).
    /// </summary>
    public required IReadOnlyDictionary<string, double> ScoreWeights { get; init; }

    /// <summary>When set, only these symbols are scanned.</summary>
    public IReadOnlyList<string>? SymbolWhitelist { get; init; }

    /// <summary>Symbols never scanned.</summary>
    public IReadOnlyList<string>? SymbolBlacklist { get; init; }

    /// <summary>When set, keep only the top N symbols by 24h volume.</summary>
    public int? TopNByVolume { get; init; }
}
