using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Web.Components.Pages.Engines.Components;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Web.Engines;

/// <summary>
/// Every dashboard open on an engine draws the market chart from one shared drawing per bar: the same JSON string, read
/// from the engine once, and a new one when a bar closes.
/// </summary>
public sealed class MarketChartDrawingsTests : IDisposable
{
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task DashboardsOnTheSameBarShareOneDrawingAndANewBarGivesANewOne()
    {
        var engine = _registry.Create("alice", "Chart", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });
        (await engine.ExecuteAsync(EngineCommand.Start, "breakout_v1", Ct)).Success.ShouldBeTrue();
        await engine.RunCycleAsync(Ct);
        var instrument = engine.Market.InstrumentIds[0];
        var bar = engine.Status?.LastBarTime;

        var first = (await MarketChartDrawings.GetAsync(engine, instrument, bar)).ShouldNotBeNull();
        var second = (await MarketChartDrawings.GetAsync(engine, instrument, bar)).ShouldNotBeNull();

        second.ShouldBeSameAs(first, "a second dashboard on the same bar gets the same drawing");
        first.Bars.ShouldBeGreaterThan(0);
        first.ArgumentsJson.ShouldStartWith("[340,[{\"time\":");
        var chart = (await engine.Engine.ChartAsync(instrument, Ct)).ShouldNotBeNull();
        first.Bars.ShouldBe(chart.Bars.Count);
        first.LevelCount.ShouldBe(chart.Levels.Count);

        for (var i = 0; i < 3; i++)
        {
            await engine.RunCycleAsync(Ct);
        }
        var later = engine.Status?.LastBarTime;
        later.ShouldNotBe(bar);
        var next = (await MarketChartDrawings.GetAsync(engine, instrument, later)).ShouldNotBeNull();
        next.ShouldNotBeSameAs(first, "a closed bar is drawn again");
        next.ArgumentsJson.ShouldNotBe(first.ArgumentsJson);
    }

    public void Dispose() => _registry.Dispose();
}
