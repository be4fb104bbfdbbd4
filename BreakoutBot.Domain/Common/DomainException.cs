namespace BreakoutBot.Domain.Common;

/// <summary>A broken invariant: a bug or corrupt input that the caller cannot recover from.</summary>
public sealed class DomainException : Exception
{
    public DomainException(string message) : base(message) { }

    public DomainException(string message, Exception inner) : base(message, inner) { }

    public DomainException() { }
}
