using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Persistence.Events;

/// <summary>
/// The latest state of an order, for persistence (the engine's own events do not carry orders; whoever watches the
/// engine's exchange publishes this to the <see cref="BreakoutBot.Domain.Abstractions.IEngineEventSink"/>).
/// </summary>
public sealed record OrderUpdatedEvent(string EngineId, DateTimeOffset Time, Order Order) : EngineEvent(EngineId, Time);
