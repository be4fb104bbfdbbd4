using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Engine;

public class TradingEngineChartTests
{
    [Fact]
    public async Task TheChartIsTheEnginesViewOfTheInstrumentItsBarsLevelsAndOpenPositions()
    {
        using var b = new EngineBuilder(bars: 700);
        (await b.StartAsync()).Success.ShouldBeTrue();
        MarketChart? withPosition = null;
        while (b.HasMoreBars && withPosition is null)
        {
            await b.StepAsync();
            if (b.Engine.Positions.OpenPositions is { Count: > 0 } open)
            {
                withPosition = await b.Engine.ChartAsync(open[0].InstrumentId, EngineBuilder.Ct);
            }
        }

        withPosition.ShouldNotBeNull();
        var id = withPosition.InstrumentId;
        var market = b.Scanning.GetMarket(id)!;
        withPosition.Bars.Count.ShouldBe(market.Window.Count);
        var last = market.LastCandle!.Value;
        withPosition.Bars[^1].Close.ShouldBe(last.CloseTime);
        withPosition.Bars[^1].Last.ShouldBe((double)last.Close);
        withPosition.Bars.Select(x => x.Close).ShouldBeInOrder(SortDirection.Ascending);
        withPosition.Levels.ShouldBe(b.Scanning.LevelsFor(id, b.Engine.Preset!));
        withPosition.Positions.ShouldHaveSingleItem().StopLoss.ShouldBe(b.Engine.Positions.OpenPositions.Single(p => p.InstrumentId == id).StopLoss);
        // The signal that opened the position is on the chart, at the bar it was generated on.
        withPosition.Signals.ShouldContain(r => r.Signal.InstrumentId == id && r.Status == BreakoutBot.Domain.Signals.SignalStatus.Executed);
        withPosition.Signals.ShouldAllBe(r => r.Signal.CreatedAt >= withPosition.Bars[0].Close);
        (await b.Engine.ChartAsync("NOPE-USDT-SWAP", EngineBuilder.Ct)).ShouldBeNull();
    }
}
