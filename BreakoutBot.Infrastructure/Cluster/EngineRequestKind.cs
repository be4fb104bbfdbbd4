namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>What a request queued for the node that runs an engine asks for (ADR-020).</summary>
public enum EngineRequestKind
{
    /// <summary>An engine command (start, stop, pause…): <see cref="EngineCommandRequestEntity.Command"/>.</summary>
    Command = 0,

    /// <summary>Remove the (stopped) engine for good.</summary>
    Remove = 1,

    /// <summary>Pin the engine to <see cref="EngineCommandRequestEntity.PresetName"/> version <see cref="EngineCommandRequestEntity.PresetVersion"/>.</summary>
    ApplyPresetVersion = 2,

    /// <summary>
    /// A read, not a command: the market chart of <see cref="EngineCommandRequestEntity.InstrumentId"/> as the engine sees
    /// it, answered in <see cref="EngineCommandRequestEntity.Payload"/> (ADR-021). Authorised on the node that asks, which
    /// deletes the request once answered.
    /// </summary>
    Chart = 3,
}
