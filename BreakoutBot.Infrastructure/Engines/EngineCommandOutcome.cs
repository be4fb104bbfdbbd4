using BreakoutBot.Domain.Engine;

namespace BreakoutBot.Infrastructure.Engines;

/// <summary>The result of a command request: the authorisation verdict and, when the engine was called, its result.</summary>
public sealed record EngineCommandOutcome(EngineCommandStatus Status, string Message, CommandResult? Result = null)
{
    public bool Success => Status == EngineCommandStatus.Done;
}
