using BreakoutBot.Domain.Presets;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;

namespace BreakoutBot.Tests.Infrastructure.Replay;

public class ReplayStopMovesTests
{
    [Fact]
    public async Task EveryTradeStoppedAtBreakevenOrTrailingSaysWhereAndWhenItsStopMovedAlwaysInItsFavour()
    {
        var market = MarketDataSet.Generated(42, 6, 3000);

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, PresetCatalog.Get("breakout_v1"), cancellationToken: TestContext.Current.CancellationToken);

        var moved = report.Trades.Where(t => t.CloseReason is "BreakevenStop" or "TrailingStop").ToList();
        moved.ShouldNotBeEmpty();
        foreach (var t in moved)
        {
            t.StopMoves.ShouldNotBeEmpty(t.Id);
            t.StopMoves.ShouldAllBe(m => m.Time >= t.OpenedAt && m.Time <= t.ClosedAt);
            var prices = new[] { t.InitialStop }.Concat(t.StopMoves.Select(m => m.Price)).ToList();
            var inFavour = t.Side == "Long" ? prices.SequenceEqual(prices.Order()) : prices.SequenceEqual(prices.OrderDescending());
            inFavour.ShouldBeTrue($"{t.Id}: {string.Join(" → ", prices)}");
        }
        report.Trades.Where(t => t.CloseReason == "StopLoss").ShouldAllBe(t => t.StopMoves.Count == 0);
    }

    [Fact]
    public async Task EveryTradeNamesTheSignalThatOpenedItAndTheLevelOnTheRightSideOfTheEntry()
    {
        var market = MarketDataSet.Generated(42, 6, 3000);

        var report = await new ReplayRunner().RunAsync(market.Instruments, market.Candles, PresetCatalog.Get("breakout_v1"), cancellationToken: TestContext.Current.CancellationToken);

        report.Trades.ShouldNotBeEmpty();
        foreach (var t in report.Trades)
        {
            var signal = t.Signal.ShouldNotBeNull(t.Id);
            signal.Time.ShouldBeLessThanOrEqualTo(t.OpenedAt, t.Id);
            signal.Touches.ShouldBeGreaterThan(0);
            signal.LevelType.ShouldBeOneOf("support", "resistance");
            signal.LevelPrice.ShouldBeGreaterThan(0);
        }
    }
}
