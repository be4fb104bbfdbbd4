namespace BreakoutBot.Domain.Trading;

/// <summary>The outcome of an order call: the order on success, or an error code and message. Expected failures are values.</summary>
public sealed record OrderResult(Order? Order, ExchangeErrorCode Error, string? Message)
{
    public bool IsSuccess => Error == ExchangeErrorCode.None && Order is not null;

    /// <summary>True for failures worth retrying (rate limit, busy, timeout).</summary>
    public bool IsTransient => Error is ExchangeErrorCode.RateLimited or ExchangeErrorCode.ExchangeBusy or ExchangeErrorCode.Timeout;

    public static OrderResult Ok(Order order) => new(order, ExchangeErrorCode.None, null);

    public static OrderResult Fail(ExchangeErrorCode error, string message) => new(null, error, message);
}
