using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>The sink used until persistence registers its own: engine events are not stored.</summary>
public sealed class NullEngineEventSink : IEngineEventSink
{
    public void Publish(EngineEvent engineEvent)
    {
    }
}
