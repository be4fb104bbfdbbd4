namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>What an OKX failure means for the caller; <see cref="OkxErrorMap"/> decides it from the code.</summary>
public enum OkxErrorKind
{
    /// <summary>The exchange refused the request for a business reason not listed below.</summary>
    Rejected = 0,

    /// <summary>Bad parameters or an unknown endpoint: a bug on our side, retrying does not help.</summary>
    InvalidRequest = 1,

    /// <summary>Rate limit hit (50011, 50040, 50061, HTTP 429): the request was not accepted; back off and retry.</summary>
    RateLimited = 2,

    /// <summary>Exchange busy or down (50001, 50013, 50026, HTTP 5xx) on a request that is safe to repeat.</summary>
    ExchangeBusy = 3,

    /// <summary>
    /// The request may or may not have taken effect (timeout, 50004, 51054, 51149, a 5xx or busy answer to an order
    /// placement). Look the order up by its client id before doing anything else; never resend blindly.
    /// </summary>
    OutcomeUnknown = 4,

    /// <summary>Key, passphrase, signature, IP whitelist or permission problem (50101-50120 except 50102).</summary>
    Unauthorized = 5,

    /// <summary>
    /// Our timestamp is too far from the server's (50102), or the request's <c>expTime</c> deadline was already past
    /// when it arrived (50036). Nothing was executed; the client re-syncs its clock and sends it once more.
    /// </summary>
    ClockSkew = 6,

    /// <summary>The instrument does not exist (51001).</summary>
    UnknownInstrument = 7,

    /// <summary>Not enough balance or margin (51008).</summary>
    InsufficientMargin = 8,

    /// <summary>Order size below the instrument minimum (51020, 51120, 50122).</summary>
    BelowMinimumSize = 9,

    /// <summary>The client order id is already in use by a pending order (51016, 50071, 51065, 51068): it was already placed.</summary>
    DuplicateClientOrderId = 10,

    /// <summary>A reduce-only order would open or increase a position, or exceeds the position (51112, 51169, 51170, 51205, 51206).</summary>
    ReduceOnlyConflict = 11,

    /// <summary>The order does not exist or is no longer open (51603, 51063, 51400, 51503).</summary>
    NotFound = 12,

    /// <summary>The client's circuit breaker is open after repeated transient failures; the call was not sent.</summary>
    CircuitOpen = 13,

    /// <summary>A private endpoint was called on a client built without credentials.</summary>
    MissingCredentials = 14,

    /// <summary>The response could not be read (not JSON, missing fields, unreadable numbers).</summary>
    InvalidResponse = 15,

    /// <summary>
    /// The order placement or amend reached OKX after its <c>expTime</c> deadline and was not executed (50037, "Order
    /// expired"). Safe to send again.
    /// </summary>
    Expired = 16,
}
