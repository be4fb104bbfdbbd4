using Microsoft.Extensions.Logging;

namespace BreakoutBot.Domain.Engine;

/// <summary>One trading cycle: positions managed, equity observed, one phase run, the transition it asks for; errors and recovery.</summary>
public sealed partial class TradingEngine
{
    /// <summary>Runs one cycle: position management when positions exist, then the phase of the current state.</summary>
    public Task<CycleResult> RunCycleAsync(CancellationToken cancellationToken = default) => RunUntilRestAsync(1, cancellationToken).AsTask();

    /// <summary>Runs cycles while the pipeline asks to continue at once (at most <paramref name="maxCycles"/>): one "tick" of a replay (a value task: a replay's tick allocates no task).</summary>
    public async ValueTask<CycleResult> RunUntilRestAsync(int maxCycles = 10, CancellationToken cancellationToken = default)
    {
        CycleResult result;
        var n = 0;
        do
        {
            // The cycle's lock taken here rather than in a method per cycle: a replay's tick completes synchronously, and
            // each asynchronous method it goes through costs it (ADR-010, "Twenty-third round").
            await _cycleLock.WaitAsync(cancellationToken);
            try
            {
                result = await CycleCoreAsync(cancellationToken);
            }
            finally
            {
                _cycleLock.Release();
                RefreshStatus();
            }
            n++;
        }
        while (result.ContinueImmediately && n < maxCycles);
        return result;
    }

    private async ValueTask<CycleResult> CycleCoreAsync(CancellationToken cancellationToken)
    {
        var state = State;
        var preset = Preset;
        if (preset is null || state is TradingState.Idle or TradingState.Initializing or TradingState.Stopped)
        {
            return new CycleResult(state, false, CycleResult.DelayFor(state), false);
        }
        var now = _time.GetUtcNow();
        _lastCycleAt = now;
        Interlocked.Increment(ref _cycleCount);
        var phase = state.ToWireName();
        try
        {
            // Positions are managed on every cycle that has them, whatever the phase (stops and time exits never wait).
            if (_positions.ActiveCount > 0 && (_lastManagedAt != now || state == TradingState.Managing))
            {
                // Pull the positions' instruments first so stops, trailing and time exits act on this bar, not the last.
                const bool refresh = true;
                await _orchestrator.ManagePositionsAsync(preset, refresh, cancellationToken);
                _lastManagedAt = now;
                _errors.RecordSuccess(Component, "managing");
            }
            // Positions closed outside a cycle (a reconciliation booking fills missed while away) count like any others.
            _orchestrator.PublishClosed();

            // Equity feeds the daily counters and the kill switch on every cycle (after this cycle's fills).
            var balance = await _exchange.GetBalanceAsync(cancellationToken);
            var killSwitch = _risk.ObserveEquity(balance.Equity, now, preset.Risk);
            if (killSwitch.Triggered && state != TradingState.Emergency)
            {
                Publish(new KillSwitchEvent(EngineId, now, killSwitch));
                await EmergencyCoreAsync(EngineCommand.KillSwitch, state, "kill switch: " + killSwitch.Reason, preset.Risk.FlattenOnKillSwitch, cancellationToken);
                return new CycleResult(State, false, CycleResult.DelayFor(State), true);
            }

            if (state == TradingState.Error)
            {
                return TryRecover(now);
            }
            if (state == TradingState.Emergency)
            {
                // An emergency that flattens keeps at it until flat: a refused exit is sent again on every cycle.
                await FlattenWhatIsLeftAsync(preset, cancellationToken);
                return new CycleResult(state, false, CycleResult.DelayFor(state), true);
            }
            if (state == TradingState.Paused)
            {
                return new CycleResult(state, false, CycleResult.DelayFor(state), true);
            }

            var outcome = await _orchestrator.RunPhaseAsync(state, preset, cancellationToken);
            _errors.RecordSuccess(Component, phase);
            if (outcome.Next is { } next)
            {
                var r = _stateMachine.TransitionTo(next, outcome.Reason);
                if (!r.Succeeded && r.Outcome != TransitionOutcome.Ignored)
                {
                    _logger.LogWarning("Transition {From} → {To} refused: {Message}", state, next, r.Message);
                    return new CycleResult(State, false, CycleResult.DelayFor(State), true);
                }
            }
            return new CycleResult(State, outcome.ContinueImmediately, CycleResult.DelayFor(State), true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return await HandleCycleErrorAsync(phase, ex, cancellationToken);
        }
    }

    private async Task<CycleResult> HandleCycleErrorAsync(string phase, Exception ex, CancellationToken cancellationToken)
    {
        var decision = _errors.Handle(Component, phase, ex);
        var now = _time.GetUtcNow();
        _lastError = $"{phase}: {ex.Message}";
        Publish(new EngineErrorEvent(EngineId, now, decision));
        _logger.LogError(ex, "Cycle failed in {Phase}: {Decision}", phase, decision.Message);
        if (decision.NextState == TradingState.Emergency)
        {
            await EmergencyCoreAsync(EngineCommand.EmergencyStop, State, "critical error: " + ex.Message, false, cancellationToken);
        }
        else if (decision.NextState == TradingState.Error || decision.CircuitOpen)
        {
            _orchestrator.ResetPipeline();
            var r = _stateMachine.TransitionTo(TradingState.Error, _lastError, Meta("phase", phase, "category", decision.Category.ToString()));
            if (r.Succeeded)
            {
                _errorSince = now;
            }
        }
        var delay = decision.ShouldRetry ? decision.Delay : CycleResult.DelayFor(State);
        return new CycleResult(State, false, delay, true);
    }

    private CycleResult TryRecover(DateTimeOffset now)
    {
        if (_errorSince is { } since && now - since < ErrorRecoveryDelay)
        {
            return new CycleResult(State, false, ErrorRecoveryDelay - (now - since), true);
        }
        var target = _positions.ActiveCount > 0 ? TradingState.Managing : TradingState.Scanning;
        var r = _stateMachine.TransitionTo(target, "automatic recovery");
        if (r.Succeeded)
        {
            _errorSince = null;
        }
        return new CycleResult(State, false, CycleResult.DelayFor(State), true);
    }
}
