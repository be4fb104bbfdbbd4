using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Domain.Engine;

/// <summary>The engine's status snapshot and the commands valid in each state.</summary>
public sealed partial class TradingEngine
{
    /// <summary>
    /// The status snapshot as of the last cycle or command. Readers never wait on the engine: the engine only marks the
    /// snapshot stale, and the first reader after that builds a new one from the managers' own thread-safe views.
    /// </summary>
    public EngineStatus Status
    {
        get
        {
            var version = Volatile.Read(ref _statusVersion);
            if (Volatile.Read(ref _statusBuiltVersion) == version)
            {
                return Volatile.Read(ref _status);
            }
            lock (_statusGate)
            {
                if (_statusBuiltVersion != version)
                {
                    Volatile.Write(ref _status, BuildStatus(Preset));
                    Volatile.Write(ref _statusBuiltVersion, version);
                }
                return _status;
            }
        }
    }

    /// <summary>Commands that are valid in the current state; any other command is refused without effect.</summary>
    public IReadOnlyList<EngineCommand> AvailableCommands => CommandsFor(State, Preset is not null);

    public static IReadOnlyList<EngineCommand> CommandsFor(TradingState state, bool hasPreset)
    {
        var list = new List<EngineCommand>(6);
        switch (state)
        {
            case TradingState.Idle:
                list.Add(EngineCommand.Start);
                break;
            case TradingState.Initializing:
                list.AddRange([EngineCommand.Stop, EngineCommand.EmergencyStop, EngineCommand.KillSwitch]);
                break;
            case TradingState.Scanning:
            case TradingState.LevelBuilding:
            case TradingState.SignalWait:
            case TradingState.Sizing:
            case TradingState.Execution:
            case TradingState.Managing:
                list.AddRange([EngineCommand.Stop, EngineCommand.Pause, EngineCommand.Reload, EngineCommand.EmergencyStop, EngineCommand.KillSwitch]);
                break;
            case TradingState.Paused:
                list.AddRange([EngineCommand.Resume, EngineCommand.Stop, EngineCommand.Reload, EngineCommand.EmergencyStop, EngineCommand.KillSwitch]);
                break;
            case TradingState.Error:
                list.AddRange([EngineCommand.Resume, EngineCommand.Stop, EngineCommand.EmergencyStop, EngineCommand.KillSwitch, EngineCommand.Reset]);
                break;
            case TradingState.Emergency:
                list.AddRange([EngineCommand.Stop, EngineCommand.Reset]);
                break;
            case TradingState.Stopped:
                list.AddRange([EngineCommand.Start, EngineCommand.Reset]);
                break;
        }
        if (!hasPreset)
        {
            // Both need a loaded preset: after a start that failed while initialising only Stop, Reset and the emergency commands work.
            list.Remove(EngineCommand.Reload);
            list.Remove(EngineCommand.Resume);
        }
        return list;
    }

    private void RefreshStatus() => Interlocked.Increment(ref _statusVersion);

    private EngineStatus BuildStatus(TradingPreset? preset)
    {
        var risk = _risk.Snapshot();
        var open = _positions.OpenPositions;
        var summaries = open.Select(PositionSummary.From).ToList();
        var slots = preset?.Risk.MaxConcurrentPositions ?? 0;
        var (funnel, lastScanFunnel) = _orchestrator.Funnel.Snapshot();
        return new EngineStatus(
            EngineId,
            State,
            _stateMachine.Previous,
            preset?.Name,
            _mode,
            _exchange.Name,
            _startedAt,
            open.Count,
            slots,
            preset is null ? 0 : _risk.FreeSlots(preset.Risk, _positions.ActiveCount),
            risk.Equity,
            risk.Equity - open.Sum(p => p.UnrealizedPnl),
            risk.DailyPnl,
            risk.DailyR,
            risk.ConsecutiveLosses,
            risk.KillSwitch,
            _lastCycleAt,
            Interlocked.Read(ref _cycleCount),
            _lastError,
            CommandsFor(State, preset is not null),
            summaries,
            _stateMachine.History(20),
            _scanning.LastBarTime,
            _positions.ClosedCount,
            _positions.RealizedNetPnl,
            RealizedNetOn(risk.Day),
            open.Sum(p => p.NetPnl),
            risk.DayStartEquity)
        {
            Funnel = funnel,
            LastScanFunnel = lastScanFunnel,
            TodayOpenedBefore = OpenedBeforeDay(open, risk.Day),
        };
    }

    /// <summary>The open positions and those closed on the risk day (UTC) that were opened before that day began.</summary>
    private int OpenedBeforeDay(IReadOnlyList<Position> open, DateOnly day)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var count = open.Count(p => p.OpenedAt < start);
        foreach (var p in _positions.ClosedPositions)
        {
            if (p.OpenedAt < start && p.ClosedAt is { } closed && DateOnly.FromDateTime(closed.UtcDateTime) == day)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Net realised P&amp;L of the positions closed on the risk day (UTC), from the same book as the since-start total.</summary>
    private decimal RealizedNetOn(DateOnly day)
    {
        var sum = _restoredDayNet is { } restored && restored.Day == day ? restored.Net : 0m;
        foreach (var p in _positions.ClosedPositions)
        {
            if (p.ClosedAt is { } closed && DateOnly.FromDateTime(closed.UtcDateTime) == day)
            {
                sum += p.NetRealizedPnl;
            }
        }
        return sum;
    }
}
