namespace BreakoutBot.Domain.Engine;

/// <summary>What became of a transition request.</summary>
public enum TransitionOutcome
{
    /// <summary>The state changed and was recorded, or the Managing self-loop was accepted (nothing recorded).</summary>
    Done = 0,

    /// <summary>The engine is already in the requested state and the request was not forced; nothing changed.</summary>
    Ignored = 1,

    /// <summary>The transition table does not allow the change; nothing changed. Logged as a warning.</summary>
    Rejected = 2,

    /// <summary>A transition subscriber requested another transition while one was being published; nothing changed. Logged as an error.</summary>
    Nested = 3,
}
