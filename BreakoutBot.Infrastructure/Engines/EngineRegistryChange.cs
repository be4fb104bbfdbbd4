namespace BreakoutBot.Infrastructure.Engines;

/// <summary>An engine was added to or removed from the registry.</summary>
public sealed record EngineRegistryChange(EngineHandle Handle, bool Added);
