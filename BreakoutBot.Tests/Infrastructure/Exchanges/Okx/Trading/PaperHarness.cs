using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Paper;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Trading;

/// <summary>The paper exchange set up like the fake OKX account: same BTC swap rules, fees and cash, no slippage.</summary>
internal sealed class PaperHarness : IExchangeUnderTest
{
    private readonly PaperExchangeClient _paper;

    public PaperHarness(decimal price = 50_000m)
    {
        var btc = new Instrument(OkxAdapterHarness.Btc, InstrumentKind.Swap, 0.1m, 0.01m, 0.01m, 0.01m);
        _paper = new PaperExchangeClient(
            [btc],
            TimeProvider.System,
            new PaperExchangeOptions { StartingBalance = 10_000m, SlippageBps = 0m, TakerFeeBps = 5m, MakerFeeBps = 2m, Leverage = 10m });
        _paper.SetMarkPrice(OkxAdapterHarness.Btc, price);
    }

    public IExchangeClient Client => _paper;

    public void SetPrice(string instrumentId, decimal price) => _paper.SetMarkPrice(instrumentId, price);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
