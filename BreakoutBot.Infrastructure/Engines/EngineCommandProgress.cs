using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>
/// A command that runs in the background (start or resume on a live market): what it is doing now and, once it has
/// finished, its outcome. The dashboard shows it while pending and the outcome afterwards.
/// </summary>
public sealed record EngineCommandProgress(EngineCommand Command, string Step, DateTimeOffset StartedAt, EngineCommandOutcome? Outcome = null, DateTimeOffset? FinishedAt = null)
{
    public bool IsPending => Outcome is null;
}
