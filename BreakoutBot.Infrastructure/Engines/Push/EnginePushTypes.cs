namespace BreakoutBot.Infrastructure.Engines.Push;

/// <summary>The <c>type</c> of every pushed message: the original bot's names first, then the portal's additions.</summary>
public static class EnginePushTypes
{
    /// <summary>A state change: <c>{from_state, to_state, reason, timestamp, forced}</c>.</summary>
    public const string FsmTransition = "FSM_TRANSITION";

    /// <summary>A handled error: <c>{component, severity, message, category, strategy, next_state}</c>.</summary>
    public const string Error = "ERROR";

    /// <summary>The kill switch fired: <c>{reason, triggered_at}</c>.</summary>
    public const string KillSwitch = "KILL_SWITCH";

    /// <summary>A position's stop moved: <c>{position_id, instrument_id, old_sl, new_sl, breakeven, trailing}</c>.</summary>
    public const string StopMoved = "STOP_MOVED";

    /// <summary>A take-profit target filled: <c>{position_id, instrument_id, target, pnl, pnlR}</c>.</summary>
    public const string TakeProfit = "TAKE_PROFIT";

    /// <summary>An order's latest state.</summary>
    public const string OrderUpdated = "ORDER_UPDATED";

    /// <summary>One execution.</summary>
    public const string Fill = "FILL";

    /// <summary>A position opened.</summary>
    public const string PositionOpen = "POSITION_OPEN";

    /// <summary>A position's quantity, stop, targets or P&amp;L changed.</summary>
    public const string PositionUpdate = "POSITION_UPDATE";

    /// <summary>A position closed.</summary>
    public const string PositionClose = "POSITION_CLOSE";

    /// <summary>A signal was generated, rejected, executed or failed.</summary>
    public const string Signal = "SIGNAL";

    /// <summary>A scan finished: <c>{candidates, funnel}</c>.</summary>
    public const string ScanResult = "SCAN_RESULT";

    /// <summary>The engine's status snapshot changed (state, equity, positions, commands…).</summary>
    public const string EngineUpdate = "ENGINE_UPDATE";

    /// <summary>The engine was removed: <c>{}</c>; nothing more comes for it.</summary>
    public const string EngineRemoved = "ENGINE_REMOVED";

    /// <summary>Every type, in the order above.</summary>
    public static readonly IReadOnlyList<string> All =
        [FsmTransition, Error, KillSwitch, StopMoved, TakeProfit, OrderUpdated, Fill, PositionOpen, PositionUpdate, PositionClose, Signal, ScanResult, EngineUpdate, EngineRemoved];
}
