using System.Collections.Frozen;
using BreakoutBot.Domain.Trading;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary>The one place that maps OKX error codes (API_FACTS §5) to <see cref="OkxErrorKind"/> and the engine's <see cref="ExchangeErrorCode"/>.</summary>
public static class OkxErrorMap
{
    private static readonly FrozenDictionary<string, OkxErrorKind> Kinds = new Dictionary<string, OkxErrorKind>
    {
        ["50011"] = OkxErrorKind.RateLimited,
        ["50040"] = OkxErrorKind.RateLimited,
        ["50061"] = OkxErrorKind.RateLimited,
        ["50001"] = OkxErrorKind.ExchangeBusy,
        ["50013"] = OkxErrorKind.ExchangeBusy,
        ["50026"] = OkxErrorKind.ExchangeBusy,
        ["50004"] = OkxErrorKind.OutcomeUnknown,
        ["51054"] = OkxErrorKind.OutcomeUnknown,
        ["51149"] = OkxErrorKind.OutcomeUnknown,
        ["50102"] = OkxErrorKind.ClockSkew,
        ["50036"] = OkxErrorKind.ClockSkew,
        ["50037"] = OkxErrorKind.Expired,
        ["51001"] = OkxErrorKind.UnknownInstrument,
        ["51008"] = OkxErrorKind.InsufficientMargin,
        ["51020"] = OkxErrorKind.BelowMinimumSize,
        ["51120"] = OkxErrorKind.BelowMinimumSize,
        ["50122"] = OkxErrorKind.BelowMinimumSize,
        ["51016"] = OkxErrorKind.DuplicateClientOrderId,
        ["50071"] = OkxErrorKind.DuplicateClientOrderId,
        ["51065"] = OkxErrorKind.DuplicateClientOrderId,
        ["51068"] = OkxErrorKind.DuplicateClientOrderId,
        ["51112"] = OkxErrorKind.ReduceOnlyConflict,
        ["51169"] = OkxErrorKind.ReduceOnlyConflict,
        ["51170"] = OkxErrorKind.ReduceOnlyConflict,
        ["51205"] = OkxErrorKind.ReduceOnlyConflict,
        ["51206"] = OkxErrorKind.ReduceOnlyConflict,
        ["51603"] = OkxErrorKind.NotFound,
        ["51063"] = OkxErrorKind.NotFound,
        ["51400"] = OkxErrorKind.NotFound,
        ["51503"] = OkxErrorKind.NotFound,
        ["50000"] = OkxErrorKind.InvalidRequest,
        ["50002"] = OkxErrorKind.InvalidRequest,
        ["50005"] = OkxErrorKind.InvalidRequest,
        ["50014"] = OkxErrorKind.InvalidRequest,
        ["50015"] = OkxErrorKind.InvalidRequest,
        ["50016"] = OkxErrorKind.InvalidRequest,
        ["50024"] = OkxErrorKind.InvalidRequest,
        ["50025"] = OkxErrorKind.InvalidRequest,
        ["51000"] = OkxErrorKind.InvalidRequest,
        ["51015"] = OkxErrorKind.InvalidRequest,
        ["51121"] = OkxErrorKind.InvalidRequest,
        ["51150"] = OkxErrorKind.InvalidRequest,
        ["404"] = OkxErrorKind.InvalidRequest,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// What an OKX code means. Sub-coded values such as <c>51008_1001</c> are classified by their main code. Without a
    /// known code the HTTP status decides (429 rate limit, 5xx busy, 401/403 unauthorized); anything else is a rejection.
    /// </summary>
    public static OkxErrorKind Classify(string code, int? httpStatus = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        var main = code.Split('_', 2)[0];
        if (Kinds.TryGetValue(main, out var kind))
        {
            return kind;
        }
        if (int.TryParse(main, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number is >= 50101 and <= 50120)
        {
            return OkxErrorKind.Unauthorized;
        }
        return httpStatus switch
        {
            429 => OkxErrorKind.RateLimited,
            >= 500 and <= 599 => OkxErrorKind.ExchangeBusy,
            401 or 403 => OkxErrorKind.Unauthorized,
            _ => OkxErrorKind.Rejected,
        };
    }

    /// <summary>The engine's error code for a kind of OKX failure.</summary>
    public static ExchangeErrorCode ToExchangeErrorCode(OkxErrorKind kind) => kind switch
    {
        OkxErrorKind.RateLimited => ExchangeErrorCode.RateLimited,
        OkxErrorKind.ExchangeBusy or OkxErrorKind.Expired or OkxErrorKind.CircuitOpen or OkxErrorKind.InvalidResponse => ExchangeErrorCode.ExchangeBusy,
        OkxErrorKind.OutcomeUnknown => ExchangeErrorCode.Timeout,
        OkxErrorKind.Unauthorized or OkxErrorKind.ClockSkew or OkxErrorKind.MissingCredentials => ExchangeErrorCode.Unauthorized,
        OkxErrorKind.UnknownInstrument => ExchangeErrorCode.UnknownInstrument,
        OkxErrorKind.InsufficientMargin => ExchangeErrorCode.InsufficientMargin,
        OkxErrorKind.BelowMinimumSize => ExchangeErrorCode.BelowMinimumSize,
        OkxErrorKind.ReduceOnlyConflict => ExchangeErrorCode.ReduceOnlyWouldIncrease,
        OkxErrorKind.NotFound => ExchangeErrorCode.OrderNotFound,
        OkxErrorKind.InvalidRequest => ExchangeErrorCode.InvalidRequest,
        _ => ExchangeErrorCode.Rejected,
    };

    /// <summary>The engine's error code for an OKX code.</summary>
    public static ExchangeErrorCode ToExchangeErrorCode(string code, int? httpStatus = null) => ToExchangeErrorCode(Classify(code, httpStatus));
}
