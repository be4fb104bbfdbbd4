using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Engines;
using Bunit;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Web.Engines;

public sealed class EngineDashboardTests : BunitTest
{
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
    private readonly EngineHandle _engine;

    public EngineDashboardTests()
    {
        AddEngineServices(_registry);
        _engine = _registry.Create("alice", "Alice's engine", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });
    }

    private IRenderedComponent<EngineDashboard> RenderAs(string userId, string role)
    {
        SignIn(userId, role);
        return Render<EngineDashboard>(p => p.Add(c => c.Id, _engine.Id));
    }

    private static List<string> Commands(IRenderedComponent<EngineDashboard> page) =>
        page.FindAll("[data-command]").Select(b => b.GetAttribute("data-command")!).ToList();

    [Fact]
    public async Task AnAdminSeesTheStateOnTheDiagramAndTheEnginesCommands()
    {
        await _engine.ExecuteAsync(EngineCommand.Start, null);

        var page = RenderAs("root", Roles.Admin);

        page.Find("#engine-state").TextContent.ShouldBe("SCANNING");
        page.Find(".state-current").GetAttribute("data-state").ShouldBe("scanning");
        var next = page.FindAll(".state-next").Select(e => e.GetAttribute("data-state")).ToList();
        next.ShouldBe(TradingStates.ValidTargets(TradingState.Scanning).Select(s => s.ToWireName()).ToList(), ignoreOrder: true);
        Commands(page).ShouldBe(_engine.Engine.AvailableCommands.Select(c => c.ToString()).ToList());
        Commands(page).ShouldContain(nameof(EngineCommand.EmergencyStop));
        page.FindAll("#remove-engine").ShouldBeEmpty("a running engine must be stopped before it can be removed");
    }

    [Fact]
    public async Task TheLastScanShowsEveryFilterOfTheTopInstrumentsInItsVerdictColour()
    {
        await _engine.ExecuteAsync(EngineCommand.Start, null);
        await _engine.Engine.RunUntilRestAsync(3, Xunit.TestContext.Current.CancellationToken);
        var scan = _engine.Engine.LastScan.ShouldNotBeNull();

        var page = RenderAs("root", Roles.Admin);

        var rows = page.FindAll("#scan-table tbody tr");
        rows.Count.ShouldBe(Math.Min(10, scan.Results.Count));
        var top = scan.Results[0];
        var chips = rows[0].QuerySelectorAll("[data-filter]").ToDictionary(c => c.GetAttribute("data-filter")!);
        chips.Keys.ShouldBe(top.Filters.Keys, ignoreOrder: true);
        foreach (var (name, filter) in top.Filters)
        {
            var expected = filter.Passed ? "mud-chip-color-success" : filter.Failed ? "mud-chip-color-error" : "mud-chip-color-default";
            chips[name].ClassList.ShouldContain(expected, $"filter {name}");
            chips[name].TextContent.ShouldBe(BreakoutBot.Domain.Scanning.FilterDescriptions.Describe(name, filter, top));
        }
    }

    [Fact]
    public async Task TheLastScanSaysWhichConditionsTheDataCouldNotCheck()
    {
        await _engine.ExecuteAsync(EngineCommand.Start, null);
        await _engine.Engine.RunUntilRestAsync(3, Xunit.TestContext.Current.CancellationToken);

        var page = RenderAs("root", Roles.Admin);

        // The demo engine replays generated candles: no open interest, and a modelled book is not level-2 (ADR-007).
        var notChecked = page.Find("#scan-not-checked").TextContent;
        notChecked.ShouldContain("oi_delta");
        notChecked.ShouldContain("l2_imbalance");
        notChecked.ShouldNotContain("correlation");
    }

    [Fact]
    public void TheOwningTraderSeesStartOnAnIdleEngine()
    {
        var page = RenderAs("alice", Roles.Trader);

        page.Find(".state-current").GetAttribute("data-state").ShouldBe("idle");
        Commands(page).ShouldBe([nameof(EngineCommand.Start)]);
        page.FindAll("#remove-engine").Count.ShouldBe(1, "the owner may remove an idle engine");
    }

    [Fact]
    public void AViewerSeesTheEngineButNoCommands()
    {
        var page = RenderAs("viewer", Roles.Viewer);

        page.Find("#engine-name").TextContent.ShouldBe("Alice's engine");
        Commands(page).ShouldBeEmpty();
        page.Find("#read-only").ShouldNotBeNull();
        page.FindAll("#remove-engine").ShouldBeEmpty();
    }

    [Fact]
    public void AnotherTraderCannotOpenTheEngine()
    {
        var page = RenderAs("bob", Roles.Trader);

        page.Find("#engine-missing").ShouldNotBeNull();
        Commands(page).ShouldBeEmpty();
    }

    [Fact]
    public async Task TheDashboardFollowsTheEngineLive()
    {
        var page = RenderAs("alice", Roles.Trader);
        page.Find("#engine-state").TextContent.ShouldBe("IDLE");

        await _engine.ExecuteAsync(EngineCommand.Start, null);

        page.WaitForAssertion(() => page.Find("#engine-state").TextContent.ShouldBe("SCANNING"), TimeSpan.FromSeconds(5));
        Commands(page).ShouldContain(nameof(EngineCommand.Pause));
    }

    [Fact]
    public async Task TodaysRIsShownWithTheTradesClosedTodayNotBesideTheTotalThatAlsoCountsOpenPositions()
    {
        // The engine books R only for closed trades: "-54.73 (0.00 R)" beside a total that was all an open position's loss misled.
        await _engine.ExecuteAsync(EngineCommand.Start, null);

        var page = RenderAs("alice", Roles.Trader);

        var text = System.Text.RegularExpressions.Regex.Replace(page.Find("#today-pnl").TextContent, @"\s+", " ").Trim();
        text.ShouldMatch(@"^Today's P&L: -?[\d,]+\.\d\d = closed today -?[\d,]+\.\d\d \(-?\d+\.\d\d R\) \+ open positions -?[\d,]+\.\d\d$");
    }

    [Fact]
    public void TheReplayProgressGroupsItsThousandsAsTheEngineListDoes()
    {
        var big = _registry.Create("alice", "Long replay", "breakout_v1", new EngineCreateOptions { Bars = 2_000, WarmupBars = 300 });
        SignIn("alice", Roles.Trader);

        var page = Render<EngineDashboard>(p => p.Add(c => c.Id, big.Id));

        page.Find("#replay-progress").TextContent.ShouldMatch(@"^Replay: \d{3} / 2,000 bars at ");
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _registry.Dispose();
    }
}
