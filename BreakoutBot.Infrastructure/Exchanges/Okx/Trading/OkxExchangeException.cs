using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Trading;

/// <summary>
/// A read (open orders, fills, positions, balance) that OKX did not answer usefully. Thrown instead of returning an
/// empty list, so the engine never mistakes "could not ask" for "nothing there" (which would re-place stops).
/// </summary>
public sealed class OkxExchangeException : Exception
{
    public OkxExchangeException()
    {
    }

    public OkxExchangeException(string message)
        : base(message)
    {
    }

    public OkxExchangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A failed read; when OKX refused the key set, the message also says why in plain words and where to check it.</summary>
    public OkxExchangeException(string operation, OkxError error)
        : base(OkxKeyErrorCause.For(error, null) is { } cause
            ? $"OKX {operation} failed: {error.ToString().TrimEnd('.')}; {cause} Check the key set with Test connection on the OKX keys page."
            : $"OKX {operation} failed: {error}")
    {
        Error = error;
    }

    public OkxError? Error { get; }
}
