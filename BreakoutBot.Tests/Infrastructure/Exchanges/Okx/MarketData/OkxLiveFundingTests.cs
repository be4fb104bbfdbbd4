using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Tests.TestSupport.FakeOkx;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.MarketData;

/// <summary>
/// A paper account on live OKX data pays each swap's own funding rate at its own settlement times, as OKX's current
/// funding rates say (one call for all swaps), and the flat rate on the 8-hour grid only where nothing was read.
/// </summary>
public sealed class OkxLiveFundingTests : IAsyncLifetime
{
    private const string Btc = "BTC-USDT-SWAP";
    private const string Eth = "ETH-USDT-SWAP";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset LastClosedOpen = new(2026, 3, 2, 9, 55, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private FakeOkxMarketRig _rig = null!;
    private FakeOkxServer _okx = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _rig = await FakeOkxMarketRig.StartAsync(_clock);
        _okx = _rig.Server;
        foreach (var (id, price) in new[] { (Btc, 50_000m), (Eth, 3_000m) })
        {
            _okx.SetPrice(id, price);
            _okx.AddCandles(id, "5m", Enumerable.Range(0, 40).Select(i =>
                new FakeOkxCandle(LastClosedOpen - ((39 - i) * Candle.Interval), price, price + 2, price - 1, price + 1, 10m)));
        }
        // ETH funds every 4 h (12:00, 16:00), 5 bps then 2 bps; BTC has no rate on OKX here.
        _okx.AddFundingRates(Eth, [(Noon, 0.0005m), (Noon.AddHours(4), 0.0002m)]);
    }

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    [Fact]
    public async Task APaperPositionOnLiveDataPaysTheSwapsOwnRateAtItsOwnSettlements()
    {
        using var provider = _rig.Provider();
        (await provider.InitializeAsync(Ct)).ShouldBeTrue();
        var instruments = (await provider.GetInstrumentsAsync(Ct)).ToDictionary(i => i.Id);
        var paper = new PaperExchangeClient(id => instruments.GetValueOrDefault(id), _clock,
            new PaperExchangeOptions { SlippageBps = 0m, TakerFeeBps = 0m, MakerFeeBps = 0m, FundingRateBps = 1m });
        paper.UseFundingSchedule(provider.Funding);
        paper.FundingSource.ShouldBe("OKX funding rates");

        // Read at 10:00: ETH's next settlement is 12:00 at 5 bps.
        (await provider.RefreshFundingAsync(Ct)).ShouldBeTrue();
        _okx.Requests.ShouldContain(r => r.PathAndQuery == "/api/v5/public/funding-rate?instId=ANY");
        paper.SetMarkPrice(Eth, 3_000m);
        paper.SetMarkPrice(Btc, 50_000m);
        (await paper.PlaceOrderAsync(new OrderRequest("f1", Eth, OrderSide.Buy, OrderType.Market, 1m), Ct)).IsSuccess.ShouldBeTrue();
        (await paper.PlaceOrderAsync(new OrderRequest("f2", Btc, OrderSide.Sell, OrderType.Market, 0.1m), Ct)).IsSuccess.ShouldBeTrue();

        // Read again at 13:00 (after the 12:00 settlement): the next is 16:00 at 2 bps.
        _clock.SetUtcNow(Noon.AddHours(1));
        (await provider.RefreshFundingAsync(Ct)).ShouldBeTrue();
        _clock.SetUtcNow(Noon.AddHours(4).AddMinutes(5));
        paper.SetMarkPrice(Eth, 3_000m);
        paper.SetMarkPrice(Btc, 50_000m);

        // ETH (long 1 at 3,000): 12:00 at 5 bps = 1.5, 16:00 at 2 bps = 0.6, its own times and rates. BTC (short 0.1 at
        // 50,000), nothing read: the flat 1 bp at the grid's 16:00 = −0.5, received.
        paper.GetFundingPayments().Select(p => (p.InstrumentId, p.Time.Hour, p.Amount, p.Source)).OrderBy(p => p.InstrumentId).ThenBy(p => p.Hour).ShouldBe(
            [(Btc, 16, -0.5m, "flat"), (Eth, 12, 1.5m, "OKX funding rates"), (Eth, 16, 0.6m, "OKX funding rates")]);
    }

    [Fact]
    public async Task AFailedReadChangesNothingAndIsReported()
    {
        using var provider = _rig.Provider();
        (await provider.InitializeAsync(Ct)).ShouldBeTrue();
        await _okx.DisposeAsync();

        (await provider.RefreshFundingAsync(Ct)).ShouldBeFalse();

        provider.Summary.LastError.ShouldNotBeNull().ShouldContain("funding rates");
        var into = new List<FundingSettlement>();
        provider.Funding.SettlementsInto(Eth, Start, Noon, TimeSpan.FromHours(8), into);
        into.ShouldBeEmpty("no settlement known, and no grid time between 10:00 and 12:00");
    }
}
