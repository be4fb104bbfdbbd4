using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Domain.Abstractions;

/// <summary>
/// Takes every event of every engine for persistence. Implementations must not block the engine: they queue the
/// event (bounded) and report, never silently drop, what they cannot keep.
/// </summary>
public interface IEngineEventSink
{
    void Publish(EngineEvent engineEvent);
}
