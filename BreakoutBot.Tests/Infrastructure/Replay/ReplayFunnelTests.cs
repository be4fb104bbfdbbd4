using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

public class ReplayFunnelTests
{
    private const int Instruments = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TradingPreset Preset => PresetCatalog.Get("breakout_v1");

    [Fact]
    public async Task TheFunnelOfAGeneratedReplayAddsUpToItsSignalsAndTrades()
    {
        const int bars = 3000;
        var market = MarketDataSet.Generated(42, Instruments, bars);

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, Preset, new ReplayOptions { TradeBenchmark = false }, Ct);
        var f = report.Funnel;

        report.Trades.Count.ShouldBeGreaterThan(0);
        report.Benchmark.ShouldNotBeNull();
        // The benchmark is read but not traded, so every scan covers the other instruments; no scan runs while every slot is taken.
        f.Scans.ShouldBeInRange(1, bars);
        f.InstrumentBarsScanned.ShouldBe(f.Scans * (Instruments - 1));
        f.Candidates.ShouldBeLessThanOrEqualTo(f.InstrumentBarsScanned);
        foreach (var (name, failed) in f.FailedByFilter)
        {
            failed.ShouldBeLessThanOrEqualTo(f.InstrumentBarsScanned, name);
        }
        f.FailedByFilter.Values.Sum().ShouldBeGreaterThanOrEqualTo(f.InstrumentBarsScanned - f.Candidates, "every blocked instrument-bar failed at least one filter");
        f.NotAvailableByCondition[UncheckedConditionNames.L2Imbalance].ShouldBe(f.InstrumentBarsScanned, "a replay has no level-2 book");
        (f.WithLevels + f.CandidatesSkippedSlotsFull).ShouldBeLessThanOrEqualTo(f.Candidates);
        f.SignalsByStrategy.Values.Sum().ShouldBe(f.Signals);
        f.Signals.ShouldBe(report.Summary.Signals);
        (f.Approved + f.RiskVetoes).ShouldBeLessThanOrEqualTo(f.Signals);
        f.Signals.ShouldBeLessThanOrEqualTo(f.Approved + f.RiskVetoes + f.Abandoned);
        f.RiskVetoesByReason.Values.Sum().ShouldBe(f.RiskVetoes);
        f.RiskVetoesByReason.Keys.ShouldNotContain(RiskVetoNames.Of(RiskVeto.Other), "every refusal of the risk manager has a category");
        f.OrdersSent.ShouldBeLessThanOrEqualTo(f.Approved);
        f.OrdersSent.ShouldBe(f.Fills + f.EntryFailures);
        f.Fills.ShouldBe(report.Trades.Count, "every position opened is closed by the end of the replay");
        report.Notes.ShouldNotContain(n => n.StartsWith("0 trades", StringComparison.Ordinal));
        ReplayJson.Serialize(report).ShouldContain("\"instrumentBarsScanned\": " + f.InstrumentBarsScanned);
    }

    [Fact]
    public async Task AFilterNobodyPassesGivesZeroTradesAndANoteThatNamesIt()
    {
        var market = MarketDataSet.Generated(42, Instruments, 600);
        var preset = Preset with { LiquidityFilters = Preset.LiquidityFilters with { Min24hVolumeUsd = 1_000_000_000_000_000m } };

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, cancellationToken: Ct);
        var f = report.Funnel;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", report.Notes));

        report.Trades.ShouldBeEmpty();
        f.InstrumentBarsScanned.ShouldBeGreaterThan(0);
        f.Candidates.ShouldBe(0);
        f.FailedByFilter["min_24h_volume"].ShouldBe(f.InstrumentBarsScanned);
        f.Signals.ShouldBe(0);
        report.Notes[0].ShouldStartWith("0 trades: ");
        report.Notes[0].ShouldEndWith("instrument-bars scanned, all failed min_24h_volume.");
    }

    [Fact]
    public async Task ARiskRuleThatRefusesEverySignalGivesZeroTradesAndANoteThatNamesTheVeto()
    {
        var market = MarketDataSet.Generated(42, Instruments, 1500);
        // A 1 USD position cap: every size is below the exchange minimums, so risk refuses every signal.
        var preset = Preset with { Risk = Preset.Risk with { MaxPositionSizeUsd = 1m } };

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, preset, cancellationToken: Ct);
        var f = report.Funnel;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", report.Notes));

        report.Trades.ShouldBeEmpty();
        f.Signals.ShouldBeGreaterThan(0);
        f.RiskVetoes.ShouldBe(f.Signals);
        f.OrdersSent.ShouldBe(0);
        var reasons = f.RiskVetoesByReason.Keys.ToList();
        reasons.ShouldNotBeEmpty();
        reasons.ShouldNotContain(RiskVetoNames.Of(RiskVeto.Other));
        var note = report.Notes[0];
        note.ShouldStartWith("0 trades: ");
        note.ShouldContain("all vetoed by risk: ");
        foreach (var reason in reasons)
        {
            note.ShouldContain(reason);
        }
    }
}
