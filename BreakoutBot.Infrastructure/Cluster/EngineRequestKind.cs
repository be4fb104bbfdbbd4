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

    /// <summary>
    /// Never written: what this version reads for a kind it does not know (one a later version of the portal queued, in
    /// a cluster being upgraded node by node). Its runner answers such a request as failed at once, naming its version,
    /// instead of failing on the whole queue (<see cref="EngineRequestKinds.FromStored"/>).
    /// </summary>
    Unrecognised = 99,
}

/// <summary>How a request's kind is stored: by name, read back leniently.</summary>
public static class EngineRequestKinds
{
    /// <summary>The kind a stored name names, or <see cref="EngineRequestKind.Unrecognised"/> for a name this version does not know.</summary>
    public static EngineRequestKind FromStored(string name) =>
        Enum.TryParse<EngineRequestKind>(name, ignoreCase: false, out var kind) && Enum.IsDefined(kind) && string.Equals(kind.ToString(), name, StringComparison.Ordinal)
            ? kind
            : EngineRequestKind.Unrecognised;
}
