namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// An engine was added to or removed from the registry; <paramref name="Released"/>: removed from this node only (another
/// cluster node runs it now), its stored rows stay; <paramref name="Stored"/>: added with its <c>Engines</c> row already
/// stored (created through <c>EngineRegistry.CreateAsync</c> with a row store).
/// </summary>
public sealed record EngineRegistryChange(EngineHandle Handle, bool Added, bool Released = false, bool Stored = false);
