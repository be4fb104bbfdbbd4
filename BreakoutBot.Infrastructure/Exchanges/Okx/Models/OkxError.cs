using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>
/// One OKX failure: the OKX code (<c>"51008"</c>, or a local pseudo code such as <c>"timeout"</c>), its message, what it
/// means (<see cref="Kind"/>) and the HTTP status when there was a response. Never carries request headers or secrets.
/// </summary>
public sealed record OkxError(string Code, string Message, OkxErrorKind Kind, int? HttpStatus = null)
{
    /// <summary>The engine's error code for this failure.</summary>
    public ExchangeErrorCode ExchangeErrorCode => OkxErrorMap.ToExchangeErrorCode(Kind);

    /// <summary>True when the same request may succeed later (rate limit, busy, expired, open circuit).</summary>
    public bool IsTransient => Kind is OkxErrorKind.RateLimited or OkxErrorKind.ExchangeBusy or OkxErrorKind.Expired or OkxErrorKind.CircuitOpen;

    /// <summary>
    /// The <c>expTime</c> deadline (server clock) the failed request carried, on endpoints that honour it (place and
    /// amend order); null otherwise. After it has passed OKX no longer executes the request, so when the outcome is
    /// unknown, "not found" is only final once the server's clock is past it.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Builds an error from an OKX code and message, classifying the code.</summary>
    public static OkxError FromCode(string code, string? message, int? httpStatus = null) =>
        new(code, string.IsNullOrEmpty(message) ? $"OKX error {code}" : message, OkxErrorMap.Classify(code, httpStatus), httpStatus);

    public override string ToString() =>
        HttpStatus is { } status ? $"OKX {Code} ({Kind}, HTTP {status}): {Message}" : $"OKX {Code} ({Kind}): {Message}";
}
