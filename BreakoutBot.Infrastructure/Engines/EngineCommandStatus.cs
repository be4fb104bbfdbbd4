namespace BreakoutBot.Infrastructure.Engines;

/// <summary>How an engine command request ended.</summary>
public enum EngineCommandStatus
{
    /// <summary>The engine carried the command out.</summary>
    Done = 0,

    /// <summary>The engine refused it (not available in its state, invalid preset…); the user was allowed to ask.</summary>
    Refused = 1,

    /// <summary>The user may not control this engine; the engine was not called.</summary>
    Forbidden = 2,

    /// <summary>No engine with that id.</summary>
    NotFound = 3,

    /// <summary>Accepted and running in the background; the engine's <see cref="EngineHandle.CommandProgress"/> shows its steps and outcome.</summary>
    Pending = 4,

    /// <summary>The command could not be carried out (the exchange could not be reached…); the message says why.</summary>
    Failed = 5,
}
