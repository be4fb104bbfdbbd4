namespace BreakoutBot.Domain.Abstractions;

public interface IMarketViewSource
{
    IMarketView? GetMarket(string instrumentId);
}
