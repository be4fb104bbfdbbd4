namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;

/// <summary>The exchange contract on the OKX adapter, over the real REST client, against the fake OKX server.</summary>
public sealed class OkxExchangeClientContractTests : ExchangeClientContractTests
{
    internal override async Task<IExchangeUnderTest> StartAsync() => await OkxAdapterHarness.StartAsync();
}
