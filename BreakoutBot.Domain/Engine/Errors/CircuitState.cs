namespace BreakoutBot.Domain.Engine.Errors;

/// <summary>The state of a <see cref="CircuitBreaker"/>.</summary>
public enum CircuitState
{
    /// <summary>Calls flow; failures are counted.</summary>
    Closed = 0,

    /// <summary>Too many failures: callers should not try until the open period has passed.</summary>
    Open = 1,

    /// <summary>The open period has passed: trial calls are allowed; enough successes close it, one failure reopens it.</summary>
    HalfOpen = 2,
}
