namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>What the engine should do about an error.</summary>
public enum RecoveryStrategy
{
    /// <summary>Try the operation again after a back-off delay.</summary>
    Retry = 0,

    /// <summary>Drop this item (a bad candle, a malformed message) and carry on.</summary>
    Skip = 1,

    /// <summary>Abandon the current cycle and start again from scanning.</summary>
    Reset = 2,

    /// <summary>Stop trading at once.</summary>
    Emergency = 3,

    /// <summary>Nothing to do (for example, the caller cancelled).</summary>
    Ignore = 4,
}
