namespace BreakoutBot.Infrastructure.Engines.Push;

/// <summary>
/// One message pushed to whoever watches an engine (SignalR clients, Blazor pages), built once when the event is
/// published and shared by every subscriber. Serialised as <c>{"type", "ts", "engineId", "publishedAt", "data"}</c>:
/// <see cref="Ts"/> is the event's own time in Unix milliseconds (engine time, as the original bot's <c>ts</c>);
/// <see cref="PublishedAt"/> is the wall-clock time the portal received it, so a client can measure the push delay.
/// <see cref="Data"/> is immutable (a copy taken at publish time, never a live engine object).
/// </summary>
public sealed record EnginePushMessage(string Type, long Ts, string EngineId, DateTimeOffset PublishedAt, object Data);
