using System.Globalization;
using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Engine;

/// <summary>Operator commands (start, restore, stop, pause, resume, reload, emergency, reset), serialised with the cycles.</summary>
public sealed partial class TradingEngine
{
    /// <summary>Starts (or restarts) the engine with a preset in a mode: IDLE/STOPPED → INITIALIZING → SCANNING.</summary>
    public async Task<CommandResult> StartAsync(string presetName, TradingMode mode, CancellationToken cancellationToken = default)
    {
        var preset = _presets.Find(presetName);
        if (preset is null)
        {
            return CommandResult.Fail(EngineCommand.Start, State, $"Unknown preset '{presetName}'.");
        }
        return await StartAsync(preset, mode, cancellationToken);
    }

    public async Task<CommandResult> StartAsync(TradingPreset preset, TradingMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return await RunCommandAsync(EngineCommand.Start, async before =>
        {
            if (before is not (TradingState.Idle or TradingState.Stopped))
            {
                return CommandResult.Fail(EngineCommand.Start, before, $"The engine is already {before.ToWireName()}; stop it first.");
            }
            if (_risk.KillSwitch is { Triggered: true } fired)
            {
                return CommandResult.Fail(EngineCommand.Start, before, $"The kill switch fired ({fired.Reason}); reset the engine before starting it again.");
            }
            var errors = PresetValidator.Validate(preset);
            if (errors.Count > 0)
            {
                return CommandResult.Fail(EngineCommand.Start, before, "Invalid preset: " + string.Join("; ", errors.Select(e => e.Field + ": " + e.Message)));
            }
            if (mode != TradingMode.Paper && string.Equals(_exchange.Name, "paper", StringComparison.OrdinalIgnoreCase))
            {
                return CommandResult.Fail(EngineCommand.Start, before, $"Mode {mode} needs an exchange account; this engine is connected to the paper exchange.");
            }
            var init = _stateMachine.TransitionTo(TradingState.Initializing, "start", Meta("preset", preset.Name, "mode", mode.ToString()));
            if (!init.Succeeded)
            {
                return CommandResult.Fail(EngineCommand.Start, before, init.Message);
            }
            try
            {
                var balance = await _exchange.GetBalanceAsync(cancellationToken);
                _risk.Observe(balance.Equity, _time.GetUtcNow(), preset.Risk);
                _scanning.Reconfigure(preset);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _lastError = "Initialisation failed: " + ex.Message;
                // Forget any preset of an earlier run: ERROR must not recover on its own into trading a preset nobody asked for.
                Volatile.Write(ref _preset, null);
                _stateMachine.TransitionTo(TradingState.Error, _lastError);
                _errorSince = _time.GetUtcNow();
                return new CommandResult(EngineCommand.Start, false, _lastError, before, State);
            }
            Volatile.Write(ref _preset, preset);
            _mode = mode;
            _startedAt = _time.GetUtcNow();
            _lastError = null;
            var next = _positions.ActiveCount > 0 ? TradingState.Managing : TradingState.Scanning;
            var done = _stateMachine.TransitionTo(TradingState.Scanning, "initialisation complete");
            if (done.Succeeded && next == TradingState.Managing)
            {
                _stateMachine.TransitionTo(TradingState.Managing, "open positions carried over");
            }
            return new CommandResult(EngineCommand.Start, done.Succeeded, done.Succeeded ? $"Started {preset.Name} in {mode} mode." : done.Message, before, State);
        }, cancellationToken);
    }

    /// <summary>
    /// Brings an engine back after a restart of the portal: adopts the open positions restored from storage (their stops
    /// and take-profits still rest on the exchange) and moves through real transitions to the state the operator must see.
    /// An engine that was trading comes back PAUSED: positions stay managed, no new entries until someone resumes it.
    /// An engine that was stopped, idle or in emergency returns to that state; one in emergency because its kill switch
    /// fired with <c>flatten_on_kill_switch</c> flattens what is still open from its first cycle.
    /// </summary>
    public async Task<CommandResult> RestoreAsync(RestorePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await _cycleLock.WaitAsync(cancellationToken);
        try
        {
            var before = State;
            if (before != TradingState.Idle || _cycleCount > 0)
            {
                return CommandResult.Fail(EngineCommand.Start, before, "Only a new engine can be restored.");
            }
            _positions.Adopt(plan.Positions, plan.LastFillSequence, plan.ClosedBefore, plan.RealizedNetBefore, plan.JournalledOrders);
            // A fired kill switch comes back whether or not the day's counters do: only a reset re-arms it, so a start
            // is refused after the restart exactly as before it.
            _risk.Restore(plan.Risk, plan.KillSwitch ?? KillSwitchState.Armed);
            if (plan.Risk is not null)
            {
                _restoredDayNet = (plan.Risk.Day, plan.RealizedNetTodayBefore);
            }
            var target = plan.LastState switch
            {
                TradingState.Idle => TradingState.Idle,
                TradingState.Stopped => TradingState.Stopped,
                TradingState.Emergency => TradingState.Emergency,
                _ => TradingState.Paused,
            };
            var reason = plan.Reason;
            if (target == TradingState.Idle)
            {
                return new CommandResult(EngineCommand.Start, true, "Restored idle.", before, State);
            }
            if (plan.Preset is null)
            {
                // Nothing to trade with: the positions are adopted and keep their resting orders; the operator starts it.
                _stateMachine.TransitionTo(TradingState.Stopped, reason + " (no preset to restore)");
                return new CommandResult(EngineCommand.Start, true, "Restored stopped: the preset was not found.", before, State);
            }
            Volatile.Write(ref _preset, plan.Preset);
            _mode = plan.Mode;
            _startedAt = _time.GetUtcNow();
            if (target == TradingState.Stopped)
            {
                _stateMachine.TransitionTo(TradingState.Stopped, reason);
                return new CommandResult(EngineCommand.Start, true, "Restored stopped.", before, State);
            }
            _stateMachine.TransitionTo(TradingState.Initializing, reason, Meta("preset", plan.Preset.Name, "mode", plan.Mode.ToString(), "positions", plan.Positions.Count.ToString(CultureInfo.InvariantCulture)));
            var balance = await _exchange.GetBalanceAsync(cancellationToken);
            _risk.Observe(balance.Equity, _time.GetUtcNow(), plan.Preset.Risk);
            _scanning.Reconfigure(plan.Preset);
            if (target == TradingState.Emergency)
            {
                _stateMachine.TransitionTo(TradingState.Emergency, reason + " (was in emergency)");
                var flatten = RestoreFlattening(plan.Preset);
                return new CommandResult(EngineCommand.Start, true,
                    flatten ? "Restored in emergency; the kill switch flattens what is still open from the first cycle." : "Restored in emergency.", before, State);
            }
            _stateMachine.TransitionTo(TradingState.Scanning, "restore: initialisation complete");
            var r = _stateMachine.TransitionTo(TradingState.Paused, reason + "; paused until an operator resumes");
            return new CommandResult(EngineCommand.Start, r.Succeeded,
                r.Succeeded ? $"Restored paused with {Counted.Of(plan.Positions.Count, "open position")}; resume to trade." : r.Message, before, State);
        }
        finally
        {
            _cycleLock.Release();
            RefreshStatus();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> between cycles and commands (nothing else touches the managers meanwhile), e.g. a
    /// reconciliation with the exchange; the status is refreshed afterwards.
    /// </summary>
    public async Task<T> RunExclusiveAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        await _cycleLock.WaitAsync(cancellationToken);
        try
        {
            return await action(cancellationToken);
        }
        finally
        {
            _cycleLock.Release();
            RefreshStatus();
        }
    }

    /// <summary>Stops trading (→ STOPPED). Open positions keep their resting stops unless <paramref name="flatten"/>.</summary>
    public Task<CommandResult> StopAsync(bool flatten = false, string reason = "stop requested", CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.Stop, async before =>
        {
            if (!TradingStates.CanTransition(before, TradingState.Stopped))
            {
                return CommandResult.Fail(EngineCommand.Stop, before, $"Cannot stop from {before.ToWireName()}.");
            }
            _orchestrator.ResetPipeline();
            if (flatten && Preset is not null)
            {
                await _positions.FlattenAllAsync(ExitReason.Manual, cancellationToken);
                await _orchestrator.ManagePositionsAsync(Preset, false, cancellationToken);
            }
            var r = _stateMachine.TransitionTo(TradingState.Stopped, reason);
            return new CommandResult(EngineCommand.Stop, r.Succeeded, r.Succeeded ? "Stopped." : r.Message, before, State);
        }, cancellationToken);

    /// <summary>Pauses new entries; open positions stay managed. From a mid-pipeline state the pipeline is abandoned first.</summary>
    public Task<CommandResult> PauseAsync(string reason = "pause requested", CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.Pause, async before =>
        {
            if (!before.IsTradingActive())
            {
                return CommandResult.Fail(EngineCommand.Pause, before, $"Cannot pause from {before.ToWireName()}.");
            }
            if (!TradingStates.CanTransition(before, TradingState.Paused))
            {
                _orchestrator.ResetPipeline();
                var back = _stateMachine.TransitionTo(TradingState.Scanning, "pipeline abandoned for pause");
                if (!back.Succeeded)
                {
                    return CommandResult.Fail(EngineCommand.Pause, before, back.Message);
                }
            }
            _orchestrator.ResetPipeline();
            if (Preset is { } current)
            {
                // A pause means no new exposure: entries executing in slices stop with what has filled (ADR-011).
                await _positions.StopEntriesAsync(current, cancellationToken);
            }
            var r = _stateMachine.TransitionTo(TradingState.Paused, reason);
            return new CommandResult(EngineCommand.Pause, r.Succeeded, r.Succeeded ? "Paused: no new entries; open positions stay protected." : r.Message, before, State);
        }, cancellationToken);

    /// <summary>Resumes from PAUSED, or recovers from ERROR: to MANAGING with positions, else SCANNING.</summary>
    public Task<CommandResult> ResumeAsync(CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.Resume, async before =>
        {
            if (before is not (TradingState.Paused or TradingState.Error))
            {
                return CommandResult.Fail(EngineCommand.Resume, before, $"Nothing to resume from {before.ToWireName()}.");
            }
            if (Preset is null)
            {
                return CommandResult.Fail(EngineCommand.Resume, before, "No preset loaded; start the engine instead.");
            }
            var target = _positions.ActiveCount > 0 ? TradingState.Managing : TradingState.Scanning;
            var r = _stateMachine.TransitionTo(target, before == TradingState.Error ? "recovered by operator" : "resume");
            if (r.Succeeded)
            {
                _errorSince = null;
            }
            return new CommandResult(EngineCommand.Resume, r.Succeeded, r.Succeeded ? "Resumed." : r.Message, before, State);
        }, cancellationToken);

    /// <summary>Re-reads the preset by name and applies it; open positions are kept and stay managed.</summary>
    public Task<CommandResult> ReloadAsync(CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.Reload, before =>
        {
            var current = Preset;
            if (current is null || !CommandsFor(before, true).Contains(EngineCommand.Reload))
            {
                return Task.FromResult(CommandResult.Fail(EngineCommand.Reload, before, $"Reload is not available in {before.ToWireName()}."));
            }
            var fresh = _presets.Find(current.Name);
            if (fresh is null)
            {
                return Task.FromResult(CommandResult.Fail(EngineCommand.Reload, before, $"Preset '{current.Name}' no longer exists."));
            }
            var errors = PresetValidator.Validate(fresh);
            if (errors.Count > 0)
            {
                return Task.FromResult(CommandResult.Fail(EngineCommand.Reload, before, "Invalid preset: " + string.Join("; ", errors.Select(e => e.Field + ": " + e.Message))));
            }
            _scanning.Reconfigure(fresh);
            Volatile.Write(ref _preset, fresh);
            return Task.FromResult(new CommandResult(EngineCommand.Reload, true, $"Reloaded {fresh.Name}; {Counted.Of(_positions.ActiveCount, "open position")} kept.", before, State));
        }, cancellationToken);

    /// <summary>Operator reset from STOPPED, EMERGENCY or ERROR to IDLE: re-arms the kill switch and clears the pipeline.</summary>
    public Task<CommandResult> ResetAsync(CancellationToken cancellationToken = default) =>
        RunCommandAsync(EngineCommand.Reset, async before =>
        {
            if (before is not (TradingState.Stopped or TradingState.Emergency or TradingState.Error))
            {
                return CommandResult.Fail(EngineCommand.Reset, before, $"Reset is only for a stopped, emergency or error state, not {before.ToWireName()}.");
            }
            var r = _stateMachine.TransitionTo(TradingState.Idle, "operator reset");
            if (r.Succeeded)
            {
                _orchestrator.ResetPipeline();
                _risk.Reset();
                _lastError = null;
                _errorSince = null;
            }
            return new CommandResult(EngineCommand.Reset, r.Succeeded, r.Succeeded ? "Reset to idle; kill switch re-armed." : r.Message, before, State);
        }, cancellationToken);

    public Task<CommandResult> ExecuteAsync(EngineCommand command, string? presetName = null, TradingMode mode = TradingMode.Paper, CancellationToken cancellationToken = default) => command switch
    {
        EngineCommand.Start => StartAsync(presetName ?? Preset?.Name ?? "breakout_v1", mode, cancellationToken),
        EngineCommand.Stop => StopAsync(cancellationToken: cancellationToken),
        EngineCommand.Pause => PauseAsync(cancellationToken: cancellationToken),
        EngineCommand.Resume => ResumeAsync(cancellationToken),
        EngineCommand.Reload => ReloadAsync(cancellationToken),
        EngineCommand.EmergencyStop => EmergencyStopAsync("emergency stop pressed", false, cancellationToken),
        EngineCommand.KillSwitch => KillSwitchAsync(cancellationToken: cancellationToken),
        EngineCommand.Reset => ResetAsync(cancellationToken),
        _ => Task.FromResult(CommandResult.Fail(command, State, "Unknown command.")),
    };

    private async Task<CommandResult> RunCommandAsync(EngineCommand command, Func<TradingState, Task<CommandResult>> body, CancellationToken cancellationToken)
    {
        await _cycleLock.WaitAsync(cancellationToken);
        try
        {
            var before = State;
            var offered = CommandsFor(before, Preset is not null);
            var result = offered.Contains(command)
                ? await body(before)
                : CommandResult.Fail(command, before, $"{command} is not available in {before.ToWireName()}; available: {string.Join(", ", offered.Select(c => c.ToWireName()))}.");
            if (result.Success)
            {
                _logger.LogInformation("Command {Command}: {Message}", command, result.Message);
            }
            else
            {
                _logger.LogWarning("Command {Command} refused: {Message}", command, result.Message);
            }
            return result;
        }
        finally
        {
            _cycleLock.Release();
            RefreshStatus();
        }
    }

    private static Dictionary<string, string> Meta(params string[] pairs)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            d[pairs[i]] = pairs[i + 1];
        }
        return d;
    }
}
