using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Domain.Journal;

/// <summary>
/// Turns the events of engines' cycles into <see cref="DecisionRecord"/>s: one per instrument per scan, completed as
/// the scan's pipeline runs over the following cycles (levels, signals, risk, entry) and emitted when it ends. An
/// instrument whose bar, outcome and failed filters are the same as in its last emitted record is not emitted again
/// (a live engine rescans the same bar every few seconds): a record holds until the next one for that instrument.
/// Called on each engine's cycle thread; engines are independent, the cycles of one engine never overlap.
/// </summary>
public sealed class DecisionJournalRecorder(Action<DecisionRecord> emit)
{
    private readonly Action<DecisionRecord> _emit = emit ?? throw new ArgumentNullException(nameof(emit));
    private readonly Dictionary<string, EngineDecisions> _engines = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Records are built from these events only; every other event is ignored at the cost of a type test.</summary>
    public static bool IsJournalled(EngineEvent engineEvent) => engineEvent is ScanCompletedEvent or LevelsBuiltEvent
        or SignalEvent or RiskDecidedEvent or PositionOpenedEvent or StateChangedEvent;

    public void Observe(EngineEvent engineEvent)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        if (!IsJournalled(engineEvent))
        {
            return;
        }
        EngineDecisions? engine;
        lock (_gate)
        {
            if (!_engines.TryGetValue(engineEvent.EngineId, out engine))
            {
                engine = new EngineDecisions(engineEvent.EngineId);
                _engines[engineEvent.EngineId] = engine;
            }
        }
        switch (engineEvent)
        {
            case ScanCompletedEvent scan:
                engine.Flush(_emit);
                engine.OnScan(scan, _emit);
                break;
            case LevelsBuiltEvent levels:
                engine.OnLevels(levels);
                break;
            case SignalEvent signal:
                engine.OnSignal(signal);
                break;
            case RiskDecidedEvent risk:
                engine.OnRisk(risk);
                break;
            case PositionOpenedEvent opened:
                engine.OnOpened(opened);
                break;
            case StateChangedEvent changed when !IsPipeline(changed.Transition.To):
                // The scan's pipeline is over (back to scanning or managing, or paused, stopped, failed).
                engine.Flush(_emit);
                break;
        }
    }

    private static bool IsPipeline(TradingState state) =>
        state is TradingState.LevelBuilding or TradingState.SignalWait or TradingState.Sizing or TradingState.Execution;
}
