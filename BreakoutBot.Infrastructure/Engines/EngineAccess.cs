namespace BreakoutBot.Infrastructure.Engines;

/// <summary>What a user may do with one engine.</summary>
public enum EngineAccess
{
    /// <summary>Neither see nor control it.</summary>
    None = 0,

    /// <summary>See it, read-only.</summary>
    View = 1,

    /// <summary>See it and send commands to it.</summary>
    Control = 2,
}
