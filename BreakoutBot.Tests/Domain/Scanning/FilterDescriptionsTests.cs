using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Tests.Domain.Scanning;

public sealed class FilterDescriptionsTests
{
    private static readonly DateTimeOffset ScanTime = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static ScanResult Scan(FilterResult dataHealth, DateTimeOffset? lastCandleClose = null)
    {
        var filters = new FilterDictionary();
        filters[FilterDictionary.DataHealth] = dataHealth;
        return new ScanResult("ETH-USDT-SWAP", 0, 1, filters, new Dictionary<string, double>(), new ScanMetrics { LastCandleClose = lastCandleClose }, [], ScanTime);
    }

    private static string DataHealth(FilterResult result, DateTimeOffset? lastCandleClose = null) =>
        FilterDescriptions.Describe("data_health", result, Scan(result, lastCandleClose));

    [Fact]
    public void StaleDataSaysHowOldTheLastCandleIs()
    {
        var stale = new FilterResult(false, 1, 0, MarketScanner.StaleReason);

        DataHealth(stale, ScanTime.AddMinutes(-3)).ShouldBe("stale market data (last candle 3 min old)");
        DataHealth(stale).ShouldBe("stale market data (no candle yet)");
    }

    [Fact]
    public void GapsTooFewCandlesAndAWideSpreadAreNamedWithTheirFigures()
    {
        DataHealth(new FilterResult(false, 2, 0, MarketScanner.GapsReason)).ShouldBe("gaps in candles (2 in the last 30 bars)");
        DataHealth(new FilterResult(false, 12, MarketScanner.MinCandles, MarketScanner.TooFewCandlesReason)).ShouldBe("too few candles (12 of 20 needed)");
        DataHealth(new FilterResult(false, 45.5, 20, MarketScanner.WideSpreadReason)).ShouldBe("spread far too wide (45.5 bps, limit 20)");
        DataHealth(new FilterResult(true, 0, 0, MarketScanner.HealthyReason)).ShouldBe("market data healthy");
    }

    [Fact]
    public void OtherFiltersKeepValueAgainstThreshold()
    {
        var result = new FilterResult(false, 1.5, 2, "24h quote volume must be at least the threshold");

        FilterDescriptions.Describe("min_24h_volume", result, Scan(result)).ShouldBe("min_24h_volume 1.5 vs 2");
        FilterDescriptions.Describe("min_oi", FilterResult.Skipped("spot has no open interest"), Scan(result)).ShouldBe("min_oi: spot has no open interest");
    }

    [Fact]
    public void LargeFiguresAreGroupedSoAVolumeOrDepthCanBeReadAtAGlance()
    {
        var volume = new FilterResult(true, 779_562_216.325, 5_000_000, "24h quote volume must be at least the threshold");
        var trades = new FilterResult(true, 1_209.646, 3, "trades per minute must be at least the threshold");

        FilterDescriptions.Describe("min_24h_volume", volume, Scan(volume)).ShouldBe("min_24h_volume 779,562,216 vs 5,000,000");
        FilterDescriptions.Describe("min_trades_per_minute", trades, Scan(trades)).ShouldBe("min_trades_per_minute 1,209.65 vs 3");
    }

    [Fact]
    public void SmallFiguresKeepTheirSignificantDigits()
    {
        // A quiet coin's ATR range below a thousandth read "atr_range 0 vs 0.005": the chip hid why the filter failed.
        var range = new FilterResult(false, 0.000423, 0.005, "ATR range must be at least the threshold");

        FilterDescriptions.Describe("atr_range", range, Scan(range)).ShouldBe("atr_range 0.000423 vs 0.005");
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(190, "3 min")]
    [InlineData(3 * 3600 + 5, "3 h")]
    public void AgesReadInWholeUnits(int seconds, string text) => FilterDescriptions.Age(TimeSpan.FromSeconds(seconds)).ShouldBe(text);
}
