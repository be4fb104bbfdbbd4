using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Signals;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>Turns level-built candidates into signals, with breakout history, de-duplication and expiry.</summary>
public interface ISignalManager
{
    IReadOnlyList<Signal> ActiveSignals { get; }

    /// <summary>Recent signals of every status, newest last.</summary>
    IReadOnlyList<SignalRecord> History { get; }

    /// <summary>New signals for the candidates (expired ones are dropped first; duplicates are not repeated).</summary>
    IReadOnlyList<Signal> Generate(IReadOnlyList<ScanResult> candidates, TradingPreset preset, DateTimeOffset now);

    void MarkStatus(string signalId, SignalStatus status, string? reason = null);
}
