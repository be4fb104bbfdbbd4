namespace BreakoutBot.Domain.Markets;

/// <summary>
/// A ticker's figures without the instrument: what a replay's modelled quotes hand a market on every bar, so the
/// <see cref="Ticker"/> object is made only when something asks for it (ADR-010, "Thirteenth round").
/// </summary>
public readonly record struct TickerQuote(decimal Last, decimal Bid, decimal Ask, decimal Volume24hQuote, DateTimeOffset Time)
{
    public Ticker ToTicker(string instrumentId) => new(instrumentId, Last, Bid, Ask, Volume24hQuote, Time);
}
