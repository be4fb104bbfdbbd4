namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// An engine was added to or removed from the registry; <paramref name="Released"/>: removed from this node only (another
/// cluster node runs it now), its stored rows stay.
/// </summary>
public sealed record EngineRegistryChange(EngineHandle Handle, bool Added, bool Released = false);
