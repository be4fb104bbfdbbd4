using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Tests.Domain.Engine;

public class ScanFunnelTextTests
{
    private static Dictionary<string, long> Filters(params (string Name, long Count)[] failed)
    {
        var d = FilterDictionary.Names.ToDictionary(n => n, _ => 0L, StringComparer.Ordinal);
        foreach (var (name, count) in failed)
        {
            d[name] = count;
        }
        return d;
    }

    private static ScanFunnel Funnel(long scanned, Dictionary<string, long> failed, long candidates = 0, long withLevels = 0, long signals = 0,
        long vetoes = 0, Dictionary<string, long>? byReason = null, long orders = 0, long fills = 0) => ScanFunnel.Empty with
    {
        Scans = scanned / 4,
        InstrumentBarsScanned = scanned,
        FailedByFilter = failed,
        Candidates = candidates,
        WithLevels = withLevels,
        Signals = signals,
        SignalsByStrategy = new Dictionary<string, long> { ["momentum"] = signals, ["retest"] = 0 },
        RiskVetoes = vetoes,
        RiskVetoesByReason = byReason ?? [],
        Approved = signals - vetoes,
        OrdersSent = orders,
        Fills = fills,
    };

    [Fact]
    public void ZeroTradesBecauseEveryInstrumentBarFailedOneFilterNamesThatFilter()
    {
        var f = Funnel(80_000, Filters(("min_24h_volume", 80_000), ("data_health", 1_200)));

        ScanFunnelText.WhereItStopped(f).ShouldBe("0 trades: 80,000 instrument-bars scanned, all failed min_24h_volume.");
    }

    [Fact]
    public void ZeroTradesWithoutAFilterCommonToAllNamesTheMostFrequentFailures()
    {
        var f = Funnel(1_000, Filters(("atr_range", 300), ("bb_width", 900), ("volume_surge_5m", 700), ("data_health", 20)));

        ScanFunnelText.WhereItStopped(f).ShouldBe("0 trades: 1,000 instrument-bars scanned, none passed every filter; most failed: bb_width 900, volume_surge_5m 700, atr_range 300.");
    }

    [Fact]
    public void ZeroTradesBecauseRiskVetoedEverySignalNamesTheReasons()
    {
        var f = Funnel(4_000, Filters(("bb_width", 3_900)), candidates: 100, withLevels: 90, signals: 12, vetoes: 12,
            byReason: new Dictionary<string, long> { ["daily_loss_limit"] = 2, ["size_below_lot_step"] = 10 });

        ScanFunnelText.WhereItStopped(f).ShouldBe(
            "0 trades: 4,000 instrument-bars scanned, 100 passed the filters, 90 with a level, 12 signals, all vetoed by risk: daily_loss_limit 2, size_below_lot_step 10.");
    }

    [Fact]
    public void ZeroTradesAtTheLevelAndSignalStagesSaySo()
    {
        ScanFunnelText.WhereItStopped(Funnel(400, Filters(("bb_width", 390)), candidates: 10))
            .ShouldBe("0 trades: 400 instrument-bars scanned, 10 passed the filters, none had a valid level.");
        ScanFunnelText.WhereItStopped(Funnel(400, Filters(("bb_width", 390)), candidates: 10, withLevels: 8))
            .ShouldBe("0 trades: 400 instrument-bars scanned, 10 passed the filters, 8 with a level, no signal.");
        ScanFunnelText.WhereItStopped(Funnel(400, Filters(("bb_width", 390)), candidates: 10, withLevels: 8, signals: 2, orders: 2))
            .ShouldBe("0 trades: 400 instrument-bars scanned, 10 passed the filters, 8 with a level, 2 signals, 2 entry orders sent, none filled (0 failed).");
    }

    [Fact]
    public void NothingToExplainOnceAnEntryFilled()
    {
        ScanFunnelText.WhereItStopped(Funnel(400, Filters(), candidates: 10, withLevels: 8, signals: 2, orders: 1, fills: 1)).ShouldBeNull();
    }

    [Fact]
    public void TheStagesLineWalksTheFunnelInOrder()
    {
        var f = Funnel(400, Filters(("bb_width", 390)), candidates: 10, withLevels: 8, signals: 3, vetoes: 1,
            byReason: new Dictionary<string, long> { ["no_free_slot"] = 1 }, orders: 2, fills: 2);

        ScanFunnelText.Stages(f).ShouldBe(
            "400 instrument-bars scanned (100 scans) → 10 passed the filters → 8 with a level → 3 signals (momentum 3, retest 0) → 1 vetoed by risk → 2 orders sent → 2 filled");
        ScanFunnelText.FailedFilters(f).ShouldBe("bb_width 390");
        ScanFunnelText.Vetoes(f).ShouldBe("no_free_slot 1");
    }
}
