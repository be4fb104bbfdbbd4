using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.History;
using BreakoutBot.Tests.Infrastructure.History;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.History.Components;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.History;

/// <summary>
/// The history page's Equity tab: a Trader sees the stored equity of their own engine drawn and summed up (start, end,
/// change, high, low, maximum drawdown), never another Trader's engine.
/// </summary>
public sealed class EquityHistoryPanelTests : BunitTest
{
    private readonly HistoryTestDatabase _db = new();

    public EquityHistoryPanelTests()
    {
        Services.AddSingleton(new HistoryQueries(_db));
        _db.AddEngine("e-alice", "alice");
        _db.AddEngine("e-bob", "bob");
        _db.AddEquity("e-alice", [10_000m, 10_400m, 9_880m, 10_100m]);
        _db.AddEquity("e-bob", [5_000m, 4_000m]);
    }

    [Fact]
    public void ATradersOwnEngineIsDrawnWithItsFiguresAndNoOtherEngineIsOffered()
    {
        SignIn("alice", Roles.Trader);

        var panel = Render<EquityHistoryPanel>();

        panel.WaitForAssertion(() => panel.Find("#equity-summary").TextContent.ShouldBe(
            "4 samples from 2026-01-10 00:00 to 2026-01-10 00:03 UTC · start 10,000.00 · end 10,100.00 (+1.00 %) · high 10,400.00"
            + " · low 9,880.00 · max drawdown 5.00 % (520.00)"));
        var chart = panel.Find("[data-chart='history-equity']");
        (chart.GetAttribute("data-points"), chart.GetAttribute("data-last")).ShouldBe(("4", "10100"));
        panel.Markup.ShouldNotContain("e-bob");
    }

    [Fact]
    public void AThinnedChartSaysHowManyOfTheSamplesItDraws()
    {
        var thinned = new EquityHistory("e", [new(DateTimeOffset.UnixEpoch, 10m, 10m), new(DateTimeOffset.UnixEpoch.AddDays(1), 9m, 9m)],
            1_500, new(DateTimeOffset.UnixEpoch, 10m, 10m), new(DateTimeOffset.UnixEpoch.AddDays(1), 9m, 9m), 12m, 8m, 1m / 3m, 4m);

        EquityHistoryPanel.Summary(thinned).ShouldEndWith("· chart: 2 of 1,500 samples (each span's lowest and highest)");
        EquityHistoryPanel.Summary(thinned).ShouldContain("end 9.00 (-10.00 %)");
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _db.Dispose();
    }
}
