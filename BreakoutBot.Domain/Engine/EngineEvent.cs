namespace BreakoutBot.Domain.Engine;

/// <summary>Something the engine decided or observed; persistence and the UI subscribe to these.</summary>
public abstract record EngineEvent(string EngineId, DateTimeOffset Time);
