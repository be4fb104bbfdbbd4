using BreakoutBot.Domain.Journal;
using BreakoutBot.Domain.Scanning;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Journal;

namespace BreakoutBot.Tests.Infrastructure.Journal;

public class DecisionJournalCodecTests
{
    private static DecisionRecord Record(IReadOnlyList<SignalNote>? signals = null)
    {
        var filters = FilterDictionary.Names.Select((name, i) => i == FilterDictionary.VolumeSurge1h
            ? new FilterCheck(name, 0.823456789, 1.5, false, true, "1h volume surge must be at least the threshold")
            : i == FilterDictionary.OiDelta
                ? new FilterCheck(name, double.NaN, 0.1, false, false, "open interest not available from this data source")
                : new FilterCheck(name, 1234567.891 * (i + 1), 1000 * (i + 1), true, true, "a rule in words that passed")).ToList();
        return new DecisionRecord("e", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "ETH-USDT-SWAP", 3, 0.42, DecisionOutcome.FilteredOut, null,
            filters, ["oi_delta"], [new LevelNote("resistance", 2501.25, 4, 0.75)], signals ?? []);
    }

    [Fact]
    public void ARowKeepsEveryFilterWithValueThresholdAndVerdictAndTheWordsOfTheOnesThatDidNotPass()
    {
        var record = Record([new SignalNote("s1", "momentum", PositionSide.Long, 2502m, 2490m, 0.6,
            [new ConditionNote("volume_confirmation", 1.9, 1.5, true, true, true)], "rejected", "daily loss limit reached", null, null, null, null)]);

        var back = DecisionJournalCodec.Decode(DecisionJournalCodec.Encode(record));

        back.Filters.Select(f => f.Name).ShouldBe(FilterDictionary.Names);
        var surge = back.Filters[FilterDictionary.VolumeSurge1h];
        surge.Failed.ShouldBeTrue();
        surge.Value.ShouldBe(0.823457, "values are kept to 6 significant digits");
        surge.Threshold.ShouldBe(1.5);
        surge.Reason.ShouldBe("1h volume surge must be at least the threshold");
        var oi = back.Filters[FilterDictionary.OiDelta];
        oi.Available.ShouldBeFalse();
        double.IsNaN(oi.Value).ShouldBeTrue();
        oi.Reason.ShouldContain("not available");
        back.Filters[0].Passed.ShouldBeTrue();
        back.Filters[0].Reason.ShouldBe("", "a passed filter's rule is not stored");
        back.NotChecked.ShouldBe(["oi_delta"]);
        back.Levels.ShouldBe(record.Levels);
        back.Signals.ShouldHaveSingleItem().Conditions.ShouldHaveSingleItem().Name.ShouldBe("volume_confirmation");
        back.Signals[0].Reason.ShouldBe("daily loss limit reached");
    }

    [Fact]
    public void AFilteredOutRowOfThirteenFiltersIsUnderAKilobyte()
    {
        DecisionJournalCodec.Encode(Record()).Length.ShouldBeLessThan(1024);
    }

    [Fact]
    public void AFilteredOutRecordsSentenceNamesTheFailedFilterWithItsValue()
    {
        Record().Reason.ShouldBe("Rejected by the scanner: volume_surge_1h 0.8235 vs threshold 1.5 (1h volume surge must be at least the threshold).");
    }
}
