using BreakoutBot.Domain.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;

/// <summary>An exchange a contract scenario runs against, with the one market control every exchange needs: the price.</summary>
internal interface IExchangeUnderTest : IAsyncDisposable
{
    IExchangeClient Client { get; }

    /// <summary>Moves the last price; resting limits, stops and take-profits crossed by it execute.</summary>
    void SetPrice(string instrumentId, decimal price);
}
