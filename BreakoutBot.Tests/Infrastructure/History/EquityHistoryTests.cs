using BreakoutBot.Infrastructure.History;

namespace BreakoutBot.Tests.Infrastructure.History;

/// <summary>
/// The history page's equity: a long history is thinned for the chart without losing a trough or a peak, the figures
/// are over every stored sample, and a Trader reads only their own engines.
/// </summary>
public sealed class EquityHistoryTests : IDisposable
{
    private static readonly HistoryScope Alice = new(false, "alice");
    private readonly HistoryTestDatabase _db = new();
    private readonly HistoryQueries _queries;

    public EquityHistoryTests()
    {
        _queries = new HistoryQueries(_db);
        _db.AddEngine("e-alice", "alice");
        _db.AddEngine("e-bob", "bob");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A random walk around 10,000 with one sharp dip and one spike, each a single sample, in the middle.</summary>
    private static List<decimal> Walk(int count, int seed)
    {
        var random = new Random(seed);
        var equity = new List<decimal>(count);
        var e = 10_000m;
        for (var i = 0; i < count; i++)
        {
            e += Math.Round((decimal)(random.NextDouble() - 0.5) * 20m, 2);
            equity.Add(i == count / 3 ? e - 2_500m : i == 2 * count / 3 ? e + 1_700m : e);
        }
        return equity;
    }

    [Fact]
    public async Task ALongHistoryIsThinnedToTheChartsPointsKeepingTheFirstTheLastAndEveryExtreme()
    {
        var equity = Walk(20_000, seed: 7);
        _db.AddEquity("e-alice", equity);

        var h = (await _queries.EquityAsync(Alice, "e-alice", null, null, maxPoints: 100, Ct)).ShouldNotBeNull();

        h.Samples.ShouldBe(20_000);
        h.Thinned.ShouldBeTrue();
        h.Points.Count.ShouldBeLessThanOrEqualTo(100);
        h.Points.Count.ShouldBeGreaterThan(90, "the chart uses the points it may");
        h.Points[0].Equity.ShouldBe(equity[0]);
        h.Points[^1].Equity.ShouldBe(equity[^1]);
        h.Points.Select(p => p.Time).ShouldBe(h.Points.Select(p => p.Time).Order(), "oldest first");
        h.Points.Select(p => p.Time).Distinct().Count().ShouldBe(h.Points.Count, "no sample twice");
        h.Points.ShouldContain(p => p.Equity == equity.Min(), "the dip");
        h.Points.ShouldContain(p => p.Equity == equity.Max(), "the spike");
    }

    [Fact]
    public async Task TheFiguresAreOverEverySampleNotTheThinnedPoints()
    {
        var equity = Walk(5_000, seed: 11);
        _db.AddEquity("e-alice", equity);
        var (fraction, fall) = MaxDrawdown(equity);

        var h = (await _queries.EquityAsync(Alice, "e-alice", null, null, maxPoints: 50, Ct)).ShouldNotBeNull();

        (h.First!.Value.Equity, h.Last!.Value.Equity).ShouldBe((equity[0], equity[^1]));
        (h.High, h.Low).ShouldBe((equity.Max(), equity.Min()));
        h.MaxDrawdownFraction.ShouldBe(fraction);
        h.MaxDrawdown.ShouldBe(fall);
        fraction.ShouldBeGreaterThan(0.2m, "the dip of 2,500 from about 10,000");
    }

    [Fact]
    public async Task AShortHistoryKeepsEverySampleAndARangeIsFromInclusiveToExclusive()
    {
        var equity = Enumerable.Range(0, 60).Select(i => 10_000m + i).ToList();
        _db.AddEquity("e-alice", equity);

        var all = (await _queries.EquityAsync(Alice, "e-alice", null, null, cancellationToken: Ct)).ShouldNotBeNull();
        var part = (await _queries.EquityAsync(Alice, "e-alice", HistoryTestDatabase.T0.AddMinutes(10), HistoryTestDatabase.T0.AddMinutes(20), cancellationToken: Ct)).ShouldNotBeNull();

        all.Points.Select(p => p.Equity).ShouldBe(equity);
        all.Thinned.ShouldBeFalse();
        part.Points.Select(p => p.Equity).ShouldBe(equity.Skip(10).Take(10));
        (part.High, part.Low, part.MaxDrawdownFraction).ShouldBe((10_019m, 10_010m, 0m));
    }

    [Fact]
    public async Task ATraderReadsOnlyTheirOwnEnginesAndAnAdminAnyEngineThatExists()
    {
        _db.AddEquity("e-bob", [10_000m, 9_000m]);

        (await _queries.EquityAsync(Alice, "e-bob", null, null, cancellationToken: Ct)).ShouldBeNull("Bob's engine is not Alice's");
        (await _queries.EquityAsync(Alice, "e-alice", null, null, cancellationToken: Ct)).ShouldNotBeNull().Samples.ShouldBe(0);
        (await _queries.EquityAsync(HistoryScope.Everything, "e-bob", null, null, cancellationToken: Ct)).ShouldNotBeNull().Samples.ShouldBe(2);
        (await _queries.EquityAsync(HistoryScope.Everything, "e-nobody", null, null, cancellationToken: Ct)).ShouldBeNull("no engine has that id");
        (await _queries.EquityAsync(HistoryScope.Nothing, "e-bob", null, null, cancellationToken: Ct)).ShouldBeNull();
    }

    // The definition: the largest fall from the running peak as a fraction of that peak, and that fall.
    private static (decimal Fraction, decimal Fall) MaxDrawdown(IReadOnlyList<decimal> equity)
    {
        var (peak, best, fall) = (equity[0], 0m, 0m);
        foreach (var e in equity)
        {
            peak = Math.Max(peak, e);
            if ((peak - e) / peak > best)
            {
                (best, fall) = ((peak - e) / peak, peak - e);
            }
        }
        return (best, fall);
    }

    public void Dispose() => _db.Dispose();
}
