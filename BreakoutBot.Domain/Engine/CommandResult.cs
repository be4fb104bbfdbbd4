namespace BreakoutBot.Domain.Engine;

/// <summary>What a command did: success only when its effect really happened, with the state before and after.</summary>
public sealed record CommandResult(EngineCommand Command, bool Success, string Message, TradingState StateBefore, TradingState StateAfter)
{
    public static CommandResult Fail(EngineCommand command, TradingState state, string message) => new(command, false, message, state, state);
}
