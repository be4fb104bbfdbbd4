namespace BreakoutBot.Domain.Engine;

/// <summary>
/// The kinds of events a subscriber takes from an engine (<see cref="TradingEngine.Subscribe(Action{EngineEvent}, EngineEventKinds)"/>).
/// An event no subscriber takes is not made: an engine replaying a year of bars makes several per bar.
/// </summary>
[Flags]
public enum EngineEventKinds
{
    None = 0,

    /// <summary>Signals, risk decisions, positions opened and closed, the kill switch and errors.</summary>
    Trading = 1,

    /// <summary>A <see cref="ScanCompletedEvent"/> per scan and a <see cref="LevelsBuiltEvent"/> per level building (about one of each per bar).</summary>
    Scans = 2,

    /// <summary>A <see cref="StateChangedEvent"/> per transition (several per bar).</summary>
    StateChanges = 4,

    All = Trading | Scans | StateChanges,
}
