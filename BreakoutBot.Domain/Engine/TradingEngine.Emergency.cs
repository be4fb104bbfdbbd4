using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Engine;

/// <summary>
/// EMERGENCY: the emergency stop and the kill switch, and the flattening an emergency asked for, kept up every cycle
/// until nothing is left open.
/// </summary>
public sealed partial class TradingEngine
{
    // The reason of the exits while the emergency flattens (the kill switch with flatten_on_kill_switch, an emergency stop
    // asked to flatten, or a restore into a kill switch that flattens); null in an emergency that keeps the positions.
    // Set on every way into EMERGENCY and read only there.
    private ExitReason? _flattenReason;

    /// <summary>Halts trading at once (→ EMERGENCY): pending entries are cancelled; positions are flattened when asked.</summary>
    public Task<CommandResult> EmergencyStopAsync(string reason, bool flatten = false, CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.EmergencyStop, before => EmergencyCoreAsync(EngineCommand.EmergencyStop, before, reason, flatten, cancellationToken), cancellationToken);

    /// <summary>Fires the kill switch by hand: blocks entries, flattens if the preset says so, → EMERGENCY.</summary>
    public Task<CommandResult> KillSwitchAsync(string reason = "kill switch pressed", CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.KillSwitch, before =>
        {
            var ks = _risk.Trigger(reason, _time.GetUtcNow());
            Publish(new KillSwitchEvent(EngineId, _time.GetUtcNow(), ks));
            return EmergencyCoreAsync(EngineCommand.KillSwitch, before, "kill switch: " + ks.Reason, Preset?.Risk.FlattenOnKillSwitch ?? true, cancellationToken);
        }, cancellationToken);

    private async Task<CommandResult> EmergencyCoreAsync(EngineCommand command, TradingState before, string reason, bool flatten, CancellationToken cancellationToken)
    {
        if (!TradingStates.CanTransition(before, TradingState.Emergency))
        {
            return CommandResult.Fail(command, before, $"Cannot go to emergency from {before.ToWireName()}.");
        }
        _orchestrator.ResetPipeline();
        var r = _stateMachine.TransitionTo(TradingState.Emergency, reason);
        if (!r.Succeeded)
        {
            return CommandResult.Fail(command, before, r.Message);
        }
        _flattenReason = flatten ? (command == EngineCommand.KillSwitch ? ExitReason.KillSwitch : ExitReason.EmergencyStop) : null;
        if (Preset is { } current)
        {
            // No entry keeps adding slices after an emergency (ADR-011).
            await _positions.StopEntriesAsync(current, cancellationToken);
        }
        var closed = 0;
        if (_flattenReason is { } exitReason && Preset is { } preset)
        {
            // A refused or failed exit is not the end of it: every EMERGENCY cycle sends what is still open again.
            closed = await _positions.FlattenAllAsync(exitReason, cancellationToken);
            await _orchestrator.ManagePositionsAsync(preset, false, cancellationToken);
        }
        var message = flatten ? $"Emergency: {reason}; {Counted.Of(closed, "position")} closed at market." : $"Emergency: {reason}; open positions keep their resting stops.";
        return new CommandResult(command, true, message, before, State);
    }

    /// <summary>
    /// An EMERGENCY cycle of an emergency that flattens: whatever is still open (an exit the exchange refused or that
    /// failed, an entry that filled late) is exited again and entries still working are cancelled, then the exits' fills
    /// are booked. Nothing to do once flat.
    /// </summary>
    private async ValueTask FlattenWhatIsLeftAsync(TradingPreset preset, CancellationToken cancellationToken)
    {
        if (_flattenReason is not { } reason || _positions.ActiveCount == 0)
        {
            return;
        }
        var sent = await _positions.FlattenAllAsync(reason, cancellationToken);
        _logger.LogWarning("Emergency: {Active} position(s) or entries still open; {Sent} exit(s) sent again.", _positions.ActiveCount, sent);
        await _orchestrator.ManagePositionsAsync(preset, false, cancellationToken);
    }

    /// <summary>
    /// A restore into EMERGENCY: flattening when the kill switch fired and the preset flattens on it. The exits go from the
    /// first cycle on, after the reconciliation a restore is followed by has booked what the exchange closed meanwhile.
    /// </summary>
    private bool RestoreFlattening(TradingPreset preset)
    {
        _flattenReason = _risk.KillSwitch.Triggered && preset.Risk.FlattenOnKillSwitch ? ExitReason.KillSwitch : null;
        return _flattenReason is not null;
    }
}
