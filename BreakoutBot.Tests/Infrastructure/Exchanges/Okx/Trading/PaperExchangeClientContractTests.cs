namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;

/// <summary>The exchange contract on the paper exchange.</summary>
public sealed class PaperExchangeClientContractTests : ExchangeClientContractTests
{
    internal override Task<IExchangeUnderTest> StartAsync() => Task.FromResult<IExchangeUnderTest>(new PaperHarness());
}
