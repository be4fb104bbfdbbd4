using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Engine;

public class TradingEngineFunnelTests
{
    [Fact]
    public async Task AfterACycleTheStatusCarriesTheFunnelOfTheLastScanAndSinceStart()
    {
        using var b = new EngineBuilder();
        b.Engine.Status.Funnel.Scans.ShouldBe(0);
        b.Engine.Status.Funnel.InstrumentBarsScanned.ShouldBe(0);
        (await b.StartAsync()).Success.ShouldBeTrue();

        await b.StepAsync();
        var first = b.Engine.Status;
        var scan = b.Engine.LastScan.ShouldNotBeNull();

        first.Funnel.Scans.ShouldBe(1);
        first.Funnel.InstrumentBarsScanned.ShouldBe(scan.Results.Count);
        first.Funnel.Candidates.ShouldBe(scan.PassedFilters);
        first.LastScanFunnel.ShouldBeEquivalentTo(first.Funnel);

        await b.StepAsync();
        var second = b.Engine.Status;
        var scan2 = b.Engine.LastScan.ShouldNotBeNull();

        second.Funnel.Scans.ShouldBe(2);
        second.Funnel.InstrumentBarsScanned.ShouldBe(scan.Results.Count + scan2.Results.Count);
        second.LastScanFunnel.Scans.ShouldBe(1);
        second.LastScanFunnel.InstrumentBarsScanned.ShouldBe(scan2.Results.Count);
        second.LastScanFunnel.Candidates.ShouldBe(scan2.PassedFilters);
    }

    [Fact]
    public async Task TheFunnelAgreesWithTheEventsTheEnginePublished()
    {
        using var b = new EngineBuilder(bars: 600);
        var (scans, scanned, signals, vetoes, opened, failed) = (0, 0L, 0, 0, 0, 0);
        using var sub = b.Engine.Subscribe(e =>
        {
            switch (e)
            {
                case ScanCompletedEvent s:
                    scans++;
                    scanned += s.Scan.Results.Count;
                    break;
                case SignalEvent { Status: SignalStatus.Active }:
                    signals++;
                    break;
                case SignalEvent { Status: SignalStatus.Rejected }:
                    vetoes++;
                    break;
                case SignalEvent { Status: SignalStatus.Failed }:
                    failed++;
                    break;
                case PositionOpenedEvent:
                    opened++;
                    break;
            }
        });
        (await b.StartAsync()).Success.ShouldBeTrue();

        await b.StepAsync(500, null);
        var f = b.Engine.Status.Funnel;

        signals.ShouldBeGreaterThan(0, "the generated market gives breakouts within 500 bars");
        f.Scans.ShouldBe(scans);
        f.InstrumentBarsScanned.ShouldBe(scanned);
        f.Signals.ShouldBe(signals);
        f.SignalsByStrategy.Values.Sum().ShouldBe(signals);
        f.RiskVetoes.ShouldBe(vetoes);
        f.RiskVetoesByReason.Values.Sum().ShouldBe(vetoes);
        f.Fills.ShouldBe(opened);
        f.EntryFailures.ShouldBe(failed);
        f.OrdersSent.ShouldBe(f.Fills + f.EntryFailures);
        f.Candidates.ShouldBeLessThanOrEqualTo(f.InstrumentBarsScanned);
        (f.WithLevels + f.CandidatesSkippedSlotsFull).ShouldBeLessThanOrEqualTo(f.Candidates);
    }
}
