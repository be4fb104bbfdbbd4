namespace BreakoutBot.Web.Hubs;

/// <summary>
/// How hub subscribers get an engine's messages: a feed per connection on a single node (ADR-017), or through the
/// engine's hub group over the Redis backplane when several nodes serve the clients (<see cref="EngineGroupRelay"/>).
/// </summary>
public sealed record EnginePushMode(bool ThroughGroups);
