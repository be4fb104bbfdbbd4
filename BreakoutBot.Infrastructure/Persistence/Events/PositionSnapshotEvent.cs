using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Persistence.Entities;

namespace BreakoutBot.Infrastructure.Persistence.Events;

/// <summary>
/// A copy of a position taken when its event was published: <see cref="BreakoutBot.Domain.Trading.Position"/> is
/// mutable and owned by the engine's thread, so the writer never reads it later.
/// </summary>
internal sealed record PositionSnapshotEvent(string EngineId, DateTimeOffset Time, PositionEntity Row) : EngineEvent(EngineId, Time);
