using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// The single transition table of <see cref="TradingState"/> and the state predicates. Nothing else in the code
/// base may decide whether a transition is legal.
/// </summary>
public static class TradingStates
{
    private static readonly FrozenDictionary<TradingState, FrozenSet<TradingState>> Transitions =
        new Dictionary<TradingState, FrozenSet<TradingState>>
        {
            [TradingState.Idle] = Set(TradingState.Initializing, TradingState.Scanning, TradingState.Stopped, TradingState.Error),
            [TradingState.Initializing] = Set(TradingState.Scanning, TradingState.Error, TradingState.Emergency, TradingState.Stopped),
            [TradingState.Scanning] = Set(
                TradingState.LevelBuilding, TradingState.Managing, TradingState.Paused,
                TradingState.Error, TradingState.Emergency, TradingState.Stopped),
            // No Paused: a pause request waits until the cycle reaches a pausable state.
            [TradingState.LevelBuilding] = Set(
                TradingState.SignalWait, TradingState.Scanning, TradingState.Error, TradingState.Emergency, TradingState.Stopped),
            [TradingState.SignalWait] = Set(
                TradingState.Sizing, TradingState.Managing, TradingState.Scanning, TradingState.Paused,
                TradingState.Error, TradingState.Emergency, TradingState.Stopped),
            [TradingState.Sizing] = Set(
                TradingState.Execution, TradingState.Scanning, TradingState.Error, TradingState.Emergency, TradingState.Stopped),
            [TradingState.Execution] = Set(
                TradingState.Managing, TradingState.Scanning, TradingState.Error, TradingState.Emergency, TradingState.Stopped),
            // Managing -> Managing is the only self-loop: each management cycle re-enters the state.
            [TradingState.Managing] = Set(
                TradingState.Scanning, TradingState.Managing, TradingState.Paused,
                TradingState.Error, TradingState.Emergency, TradingState.Stopped),
            [TradingState.Paused] = Set(
                TradingState.Scanning, TradingState.Managing, TradingState.Idle,
                TradingState.Error, TradingState.Emergency, TradingState.Stopped),
            [TradingState.Error] = Set(
                TradingState.Scanning, TradingState.Managing, TradingState.Idle, TradingState.Emergency, TradingState.Stopped),
            [TradingState.Emergency] = Set(TradingState.Stopped, TradingState.Idle),
            [TradingState.Stopped] = Set(TradingState.Idle, TradingState.Initializing),
        }.ToFrozenDictionary();

    /// <summary>Every state, in declaration order.</summary>
    public static IReadOnlyList<TradingState> All { get; } = Enum.GetValues<TradingState>();

    /// <summary>True when the table allows <paramref name="from"/> → <paramref name="to"/> without forcing.</summary>
    public static bool CanTransition(TradingState from, TradingState to) =>
        Transitions.TryGetValue(from, out var targets) && targets.Contains(to);

    /// <summary>The states reachable from <paramref name="from"/> without forcing (empty for an undefined value).</summary>
    public static IReadOnlySet<TradingState> ValidTargets(TradingState from) =>
        Transitions.TryGetValue(from, out var targets) ? targets : FrozenSet<TradingState>.Empty;

    /// <summary>Stopped and Emergency: the engine loop ends in these states.</summary>
    public static bool IsTerminal(this TradingState state) => state is TradingState.Stopped or TradingState.Emergency;

    /// <summary>
    /// Started and not halted: what the HTTP API's status and the live push's <c>ENGINE_UPDATE</c> call <c>running</c>.
    /// True from a start until a pause, stop or emergency stop, and in Error (the engine leaves it by itself); false in
    /// Idle, Paused, Emergency and Stopped, where nothing trades until an operator acts. The cycle job of a paused engine
    /// still runs to protect its open positions (<c>EngineHandle.IsRunning</c>), but the engine is not running.
    /// </summary>
    public static bool IsRunning(this TradingState state) =>
        state is not (TradingState.Idle or TradingState.Paused or TradingState.Emergency or TradingState.Stopped);

    /// <summary>Error and Emergency.</summary>
    public static bool IsError(this TradingState state) => state is TradingState.Error or TradingState.Emergency;

    /// <summary>The trading cycle states, Scanning through Managing.</summary>
    public static bool IsTradingActive(this TradingState state) =>
        state is >= TradingState.Scanning and <= TradingState.Managing;

    /// <summary>The lowercase snake name used on the wire and in storage, e.g. "level_building".</summary>
    public static string ToWireName(this TradingState state) => state switch
    {
        TradingState.Idle => "idle",
        TradingState.Initializing => "initializing",
        TradingState.Scanning => "scanning",
        TradingState.LevelBuilding => "level_building",
        TradingState.SignalWait => "signal_wait",
        TradingState.Sizing => "sizing",
        TradingState.Execution => "execution",
        TradingState.Managing => "managing",
        TradingState.Paused => "paused",
        TradingState.Error => "error",
        TradingState.Emergency => "emergency",
        TradingState.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown trading state."),
    };

    /// <summary>Parses a wire name produced by <see cref="ToWireName"/> (exact, lowercase).</summary>
    public static bool TryParseWireName(string? wireName, [NotNullWhen(true)] out TradingState? state)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWireName(), wireName, StringComparison.Ordinal))
            {
                state = candidate;
                return true;
            }
        }
        state = null;
        return false;
    }

    private static FrozenSet<TradingState> Set(params TradingState[] states) => states.ToFrozenSet();
}
