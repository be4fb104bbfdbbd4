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

    public OkxExchangeException(string operation, OkxError error)
        : base($"OKX {operation} failed: {error}")
    {
        Error = error;
    }

    public OkxError? Error { get; }
}
