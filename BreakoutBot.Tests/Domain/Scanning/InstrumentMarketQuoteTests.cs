using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Scanning;

/// <summary>A market handed a replay's quote makes its ticker only when asked, and a snapshot's ticker still takes over.</summary>
public class InstrumentMarketQuoteTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AQuoteGivesTheTickerItDescribesAndItsVolumeWithoutMakingIt()
    {
        var market = new InstrumentMarket(ScanningBuilder.Swap("ETH"), isBenchmark: false);
        var quote = new TickerQuote(101.5m, 101.4m, 101.6m, 2_500_000m, T0);

        market.ApplyBars([Bar(T0)], quote, Book(), 12.5, null, BookFigures.Of(Book()));

        market.Volume24hQuote.ShouldBe(2_500_000m);
        market.Quote.ShouldBe(quote);
        market.Ticker.ShouldBe(new Ticker("ETH-USDT-SWAP", 101.5m, 101.4m, 101.6m, 2_500_000m, T0));
        // Made once: the same object while the quote stands.
        market.Ticker.ShouldBeSameAs(market.Ticker);
        MarketScanner.Measure(market).Volume24hUsd.ShouldBe(2_500_000d);
    }

    [Fact]
    public void ASnapshotsTickerReplacesAQuoteAndASnapshotWithoutOneKeepsIt()
    {
        var market = new InstrumentMarket(ScanningBuilder.Swap("ETH"), isBenchmark: false);
        market.ApplyBars([Bar(T0)], new TickerQuote(101.5m, 101.4m, 101.6m, 2_500_000m, T0), Book(), 12.5, null, BookFigures.Of(Book()));
        var live = new Ticker("ETH-USDT-SWAP", 102m, 101.9m, 102.1m, 3_000_000m, T0.AddMinutes(5));

        market.ApplySnapshot(new MarketSnapshot(market.Instrument, [Bar(T0.AddMinutes(5))], live, Book(), null, null, 10), null);
        market.ApplySnapshot(new MarketSnapshot(market.Instrument, [], null, null, null, null, 10), null);

        market.Ticker.ShouldBeSameAs(live);
        market.Quote.ShouldBeNull();
        market.Volume24hQuote.ShouldBe(3_000_000m);
    }

    private static Candle Bar(DateTimeOffset open) => new(open, 100m, 102m, 99m, 101.5m, 1_000m);

    private static OrderBookSummary Book() => new(101.4m, 101.6m, 50_000m, 50_000m, 80_000m, 80_000m, 0d, IsModelled: true);
}
