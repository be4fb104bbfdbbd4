namespace BreakoutBot.Domain.Trading;

public enum ExchangeErrorCode
{
    None = 0,
    InvalidRequest = 1,
    UnknownInstrument = 2,
    InsufficientMargin = 3,
    BelowMinimumSize = 4,
    ReduceOnlyWouldIncrease = 5,
    OrderNotFound = 6,
    RateLimited = 7,
    ExchangeBusy = 8,
    Timeout = 9,
    NoMarketPrice = 10,
    Rejected = 11,
    Unauthorized = 12,
}
