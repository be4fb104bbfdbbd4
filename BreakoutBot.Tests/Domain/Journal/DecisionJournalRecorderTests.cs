using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Journal;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Journal;

public class DecisionJournalRecorderTests
{
    [Fact]
    public async Task EveryScannedInstrumentIsExplainedAndTheRecordsAgreeWithWhatTheEngineDid()
    {
        using var b = new EngineBuilder(bars: 600);
        var records = new List<DecisionRecord>();
        var recorder = new DecisionJournalRecorder(records.Add);
        var (opened, vetoes, scanned) = (new List<string>(), 0, new HashSet<(string, DateTimeOffset?)>());
        using var sub = b.Engine.Subscribe(e =>
        {
            recorder.Observe(e);
            switch (e)
            {
                case PositionOpenedEvent o:
                    opened.Add(o.Position.Id);
                    break;
                case SignalEvent { Status: SignalStatus.Rejected }:
                    vetoes++;
                    break;
                case ScanCompletedEvent s:
                    foreach (var r in s.Scan.Results)
                    {
                        scanned.Add((r.InstrumentId, r.Metrics.LastCandleClose));
                    }
                    break;
            }
        });
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.StepAsync(500, null);
        await b.Engine.StopAsync();

        opened.Count.ShouldBeGreaterThan(0, "the generated market trades within 500 bars");
        // Every instrument-bar the engine scanned has a record (repeats within a bar are folded into one).
        records.Select(r => (r.InstrumentId, r.Bar)).ToHashSet().SetEquals(scanned).ShouldBeTrue();
        records.Where(r => r.Outcome == DecisionOutcome.Traded).SelectMany(r => r.Signals).Select(s => s.PositionId)
            .Where(id => id is not null).ShouldBe(opened, ignoreOrder: true);
        records.SelectMany(r => r.Signals).Count(s => s.Status == "rejected").ShouldBe(vetoes);

        var filtered = records.Where(r => r.Outcome == DecisionOutcome.FilteredOut).ToList();
        filtered.ShouldNotBeEmpty();
        foreach (var r in filtered)
        {
            var failed = r.Filters.Where(f => f.Failed).ToList();
            failed.ShouldNotBeEmpty();
            foreach (var f in failed)
            {
                r.Reason.ShouldContain(f.Name);
            }
            r.Filters.Count.ShouldBe(13, "every filter is kept with its value and threshold, not only the failed ones");
        }
        foreach (var r in records.Where(r => r.Outcome is DecisionOutcome.NoSignal or DecisionOutcome.Traded or DecisionOutcome.RiskRejected))
        {
            r.Levels.ShouldNotBeEmpty($"{r.InstrumentId} got as far as signals, so it had levels");
            r.Filters.ShouldAllBe(f => !f.Failed);
        }
        foreach (var s in records.SelectMany(r => r.Signals))
        {
            s.Conditions.ShouldNotBeEmpty();
        }
    }

    [Fact]
    public async Task ARescanOfTheSameBarIsNotStoredAgainButANewBarIs()
    {
        using var b = new EngineBuilder();
        ScanCompletedEvent? scan = null;
        using var sub = b.Engine.Subscribe(e => scan = e as ScanCompletedEvent ?? scan);
        (await b.StartAsync()).Success.ShouldBeTrue();
        await b.StepAsync();
        var first = scan.ShouldNotBeNull();
        var records = new List<DecisionRecord>();
        var recorder = new DecisionJournalRecorder(records.Add);

        recorder.Observe(first);
        recorder.Observe(new StateChangedEvent(first.EngineId, first.Time, new StateTransition(TradingState.Scanning, TradingState.Scanning, "", new Dictionary<string, string>(), first.Time, false)));
        var once = records.Count;
        once.ShouldBe(first.Scan.Results.Count, "one record per scanned instrument");

        recorder.Observe(first with { Time = first.Time.AddSeconds(5) });
        recorder.Observe(new StateChangedEvent(first.EngineId, first.Time, new StateTransition(TradingState.Scanning, TradingState.Scanning, "", new Dictionary<string, string>(), first.Time, false)));
        records.Count.ShouldBe(once, "the same bar with the same verdicts adds nothing");

        b.AdvanceBar();
        await b.StepAsync();
        var second = scan.ShouldNotBeNull();
        second.ShouldNotBeSameAs(first);
        recorder.Observe(second);
        recorder.Observe(new StateChangedEvent(second.EngineId, second.Time, new StateTransition(TradingState.LevelBuilding, TradingState.Scanning, "", new Dictionary<string, string>(), second.Time, false)));
        records.Count.ShouldBe(once + second.Scan.Results.Count, "a new bar is a new decision for every instrument");
    }

    [Fact]
    public void AFilteredOutInstrumentNamesTheFailedFilterWithItsValueAndThreshold()
    {
        var text = DecisionText.Failed(
        [
            new FilterCheck("volume_surge_1h", 0.82, 1.5, false, true, "1h volume surge must be at least the threshold"),
            new FilterCheck("atr_range", 0.004, 0.002, true, true, "ok"),
            new FilterCheck("oi_delta", double.NaN, 0.1, false, false, "open interest not available"),
        ]);

        text.ShouldBe("Rejected by the scanner: volume_surge_1h 0.82 vs threshold 1.5 (1h volume surge must be at least the threshold).");
    }


    [Fact]
    public void AVolumeFilterThatFailedIsReadableInTheJournalsReason()
    {
        // The journal said "min_24h_volume 3.2E+06 vs threshold 5E+06", and a BTC level "4.117E+04".
        var text = DecisionText.Failed([new FilterCheck("min_24h_volume", 3_204_118.7, 5_000_000, false, true, "24h quote volume must be at least the threshold")]);

        text.ShouldBe("Rejected by the scanner: min_24h_volume 3,204,119 vs threshold 5,000,000 (24h quote volume must be at least the threshold).");
    }
}
