using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Scanning;

/// <summary>
/// A market handed a replay's quote makes its ticker only when asked, and a snapshot's ticker still takes over; a live
/// price is a ticker newer than the last bar's close.
/// </summary>
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

    [Fact]
    public void TheLivePriceIsTheTickersLastOnlyWhileItIsNewerThanTheLastBarsClose()
    {
        var market = new InstrumentMarket(ScanningBuilder.Swap("ETH"), isBenchmark: false);
        IMarketView view = market;

        // A replay's quote is its bar's close at the bar's close time: no price newer than the bar.
        market.ApplyBars([Bar(T0)], new TickerQuote(101.5m, 101.4m, 101.6m, 2_500_000m, T0.AddMinutes(5)), Book(), 12.5, null, BookFigures.Of(Book()));
        market.LiveLastPrice.ShouldBeNull();
        view.LiveLastPrice.ShouldBeNull();

        // A live trade 20 s after the bar closed.
        var tick = new Ticker("ETH-USDT-SWAP", 102.3m, 102.2m, 102.4m, 3_000_000m, T0.AddMinutes(5).AddSeconds(20));
        market.ApplySnapshot(new MarketSnapshot(market.Instrument, [], tick, null, null, null, 10), null);
        market.LiveLastPrice.ShouldBe(102.3m);
        view.LiveLastPrice.ShouldBe(102.3m);

        // The next bar closes after that trade: its close is the fresher price again.
        market.ApplySnapshot(new MarketSnapshot(market.Instrument, [Bar(T0.AddMinutes(5))], null, null, null, null, 10), null);
        market.LiveLastPrice.ShouldBeNull();
        market.Ticker.ShouldBeSameAs(tick, "the ticker is kept; it is only older than the bar now");
    }

    private static Candle Bar(DateTimeOffset open) => new(open, 100m, 102m, 99m, 101.5m, 1_000m);

    private static OrderBookSummary Book() => new(101.4m, 101.6m, 50_000m, 50_000m, 80_000m, 80_000m, 0d, IsModelled: true);
}
