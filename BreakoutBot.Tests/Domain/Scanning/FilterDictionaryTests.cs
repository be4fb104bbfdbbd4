using BreakoutBot.Domain.Scanning;

namespace BreakoutBot.Tests.Domain.Scanning;

public sealed class FilterDictionaryTests
{
    [Fact]
    public void ReadsBackEveryVerdictAsSet()
    {
        var f = AllPassing();
        f[FilterDictionary.AtrRange] = new FilterResult(false, 0.004, 0.005, "ATR(15m)/price must be within [atr_range_min, atr_range_max]");
        f[FilterDictionary.MinOi] = FilterResult.NotAvailable("open interest not available from this data source");
        f[FilterDictionary.BbWidth] = new FilterResult(true, double.NaN, double.PositiveInfinity, "nan and infinity");

        f[FilterDictionary.AtrRange].ShouldBe(new FilterResult(false, 0.004, 0.005, "ATR(15m)/price must be within [atr_range_min, atr_range_max]"));
        f["min_oi"].ShouldBe(FilterResult.NotAvailable("open interest not available from this data source"));
        f[FilterDictionary.BbWidth].Passed.ShouldBeTrue();
        double.IsNaN(f[FilterDictionary.BbWidth].Value).ShouldBeTrue();
        f[FilterDictionary.BbWidth].Threshold.ShouldBe(double.PositiveInfinity);
        f.Values.Count(v => v.Failed).ShouldBe(1);
        f.NotChecked.ShouldBe(UncheckedConditions.MinOi);
    }

    [Fact]
    public void PassesAllOnlyWhenCompleteAndNoCheckedFilterFailed()
    {
        var f = new FilterDictionary();
        f.AllPassed.ShouldBeFalse();

        f = AllPassing();
        f.AllPassed.ShouldBeTrue();
        // Not available is not a failure (ADR-008).
        f[FilterDictionary.OiDelta] = FilterResult.NotAvailable("open-interest change not available from this data source");
        f.AllPassed.ShouldBeTrue();
        f[FilterDictionary.VolumeSurge5m] = new FilterResult(false, 1.1, 1.5, "5m volume surge must be at least the threshold");
        f.AllPassed.ShouldBeFalse();
        // A verdict overwritten with a pass clears the failure.
        f[FilterDictionary.VolumeSurge5m] = new FilterResult(true, 1.6, 1.5, "5m volume surge must be at least the threshold");
        f.AllPassed.ShouldBeTrue();
    }

    private static FilterDictionary AllPassing()
    {
        var f = new FilterDictionary();
        for (var i = 0; i < f.Count; i++)
        {
            f[i] = new FilterResult(true, i, i, FilterDictionary.Names[i]);
        }
        return f;
    }
}
