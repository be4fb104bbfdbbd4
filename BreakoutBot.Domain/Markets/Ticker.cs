namespace BreakoutBot.Domain.Markets;

public sealed record Ticker(string InstrumentId, decimal Last, decimal Bid, decimal Ask, decimal Volume24hQuote, DateTimeOffset Time);
