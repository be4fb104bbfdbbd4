using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

/// <summary>Point 4 of issue 9 and ADR-007: a replay without a BTC series says so and still trades.</summary>
public class ReplayBenchmarkTests
{
    private const int Bars = 3000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TradingPreset Preset => PresetCatalog.Get("breakout_v1");

    private static (List<Instrument> Instruments, Dictionary<string, IReadOnlyList<Candle>> Candles, string Btc) WithoutBtc()
    {
        var market = MarketDataSet.Generated(42, 6, Bars);
        var btc = market.Instruments.Single(i => i.BaseCurrency == "BTC").Id;
        var instruments = market.Instruments.Where(i => i.Id != btc).ToList();
        var candles = instruments.ToDictionary(i => i.Id, i => market.Candles[i.Id], StringComparer.Ordinal);
        return (instruments, candles, btc);
    }

    [Fact]
    public async Task AReplayWithoutBtcTradesAndItsReportSaysTheBenchmarkIsMissing()
    {
        var (instruments, candles, _) = WithoutBtc();

        var report = await new ReplayRunner().RunAsync(instruments, candles, Preset, cancellationToken: Ct);

        report.Trades.Count.ShouldBeGreaterThan(0);
        report.Summary.Signals.ShouldBeGreaterThan(0);
        report.Benchmark.ShouldBeNull();
        report.Notes.ShouldContain(ReplayRunner.NoBenchmarkNote);
        report.NotChecked.ShouldBe(["min_oi", "oi_delta", "correlation", "l2_imbalance"]);
        ReplayJson.Serialize(report).ShouldContain("\"benchmark\": null");
    }

    [Fact]
    public async Task ASuppliedBenchmarkIsCorrelatedWithButNotTraded()
    {
        var market = MarketDataSet.Generated(42, 6, Bars);
        var btc = market.Instruments.Single(i => i.BaseCurrency == "BTC").Id;

        var report = await new ReplayRunner().RunAsync(
            market.Instruments, market.Candles, Preset, new ReplayOptions { BenchmarkInstrumentId = btc, TradeBenchmark = false }, Ct);

        report.Benchmark.ShouldBe(btc);
        report.Notes.ShouldNotContain(ReplayRunner.NoBenchmarkNote);
        report.NotChecked.ShouldNotContain("correlation");
        report.Trades.ShouldNotContain(t => t.Instrument == btc);
    }
}
