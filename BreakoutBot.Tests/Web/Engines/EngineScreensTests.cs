using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Engines;
using BreakoutBot.Web.Components.Pages.Engines.Components;
using BreakoutBot.Web.Components.Shared;
using Bunit;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Web.Engines;

/// <summary>
/// What the engine screens say: the mode on the Start button and next to the name (LIVE in the warning colour), the
/// pending "starting…" line of a command that finishes in the background, and an equity axis scaled to the data.
/// </summary>
public sealed class EngineScreensTests : BunitTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly FakeLiveMarketFactory _markets = new();
    private readonly EngineRegistry _registry;

    public EngineScreensTests()
    {
        _registry = new EngineRegistry(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink(), liveMarkets: _markets);
        AddEngineServices(_registry, new RecordingAuditLog());
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task<EngineHandle> LiveEngineAsync(TradingMode mode) =>
        await _registry.CreateAsync("alice", "Alice's " + mode, "breakout_v1",
            new EngineCreateOptions { Source = MarketSource.OkxLive, Mode = mode, KeySetId = Guid.NewGuid(), Bars = 600, WarmupBars = 300 }, cancellationToken: Ct);

    private IRenderedComponent<EngineDashboard> Dashboard(EngineHandle engine)
    {
        SignIn("alice", Roles.Trader);
        return Render<EngineDashboard>(p => p.Add(c => c.Id, engine.Id));
    }

    [Theory]
    [InlineData(TradingMode.LiveDemo, "Start (OKX demo)", "OKX demo trading on live OKX market data")]
    [InlineData(TradingMode.Live, "Start (LIVE)", "LIVE trading on live OKX market data")]
    public async Task TheStartButtonAndTheHeaderNameTheModeTheEngineTradesIn(TradingMode mode, string button, string description)
    {
        var page = Dashboard(await LiveEngineAsync(mode));

        page.Find("[data-command=Start]").TextContent.Trim().ShouldBe(button);
        page.Find("#engine-about").TextContent.ShouldContain(description);
        var chip = page.Find($".mode-chip[data-mode={mode}]");
        chip.ClassList.Contains("mud-chip-color-warning").ShouldBe(mode == TradingMode.Live, "LIVE, and only LIVE, is in the warning colour");
    }

    [Fact]
    public void AReplayEngineStartsOnPaper()
    {
        var engine = _registry.Create("alice", "Replay", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });

        var page = Dashboard(engine);

        page.Find("[data-command=Start]").TextContent.Trim().ShouldBe("Start (Paper)");
        page.Find("#engine-about").TextContent.ShouldContain("Paper trading on bundled market data (replay)");
    }

    [Fact]
    public async Task StartOnASlowMarketShowsStartingAtOnceAndTheOutcomeWhenDone()
    {
        var engine = await LiveEngineAsync(TradingMode.LiveDemo);
        var page = Dashboard(engine);

        await page.Find("[data-command=Start]").ClickAsync(new());

        page.WaitForAssertion(() => page.Find("#command-progress").GetAttribute("data-pending").ShouldBe("true"), Deadline);
        page.Find("#command-progress").TextContent.ShouldContain("Start (OKX demo)");
        page.Find("[data-command=Start]").HasAttribute("disabled").ShouldBeTrue("no second start while one is pending");
        engine.Engine.State.ShouldBe(TradingState.Idle);

        _markets.Last!.Gate.Open();

        page.WaitForAssertion(() => page.Find("#command-progress").GetAttribute("data-pending").ShouldBe("false"), Deadline);
        page.Find("#command-progress").TextContent.ShouldContain("done");
        page.WaitForAssertion(() => page.Find("#engine-state").TextContent.ShouldBe("SCANNING"), Deadline);
    }

    [Fact]
    public async Task TheEquityChartIsFedTheEnginesEquityCurve()
    {
        var engine = _registry.Create("alice", "Replay", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300, BarIntervalMs = 1 });
        await engine.ExecuteAsync(EngineCommand.Start, null, Ct);
        for (var i = 0; i < 5; i++)
        {
            await engine.RunCycleAsync(Ct);
        }
        var equity = engine.EquityCurve;
        equity.Count.ShouldBeGreaterThan(2);

        var page = Dashboard(engine);

        page.WaitForAssertion(() =>
        {
            var chart = page.Find("[data-chart=engine-equity]");
            chart.GetAttribute("data-points").ShouldBe(engine.EquityCurve.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            chart.GetAttribute("data-last").ShouldBe(((double)engine.EquityCurve[^1].Equity).ToString("0.########", System.Globalization.CultureInfo.InvariantCulture));
        }, Deadline);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        _markets.Last?.Gate.Open();
        await base.DisposeAsyncCore();
        _registry.Dispose();
    }
}
