using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Web.Components.Shared;

namespace BreakoutBot.Tests.Web.Engines;

public sealed class EngineTextTests
{
    [Fact]
    public void TheRestoredSummaryFollowsTheLiveStatusNotTheCountsAtTheRestart()
    {
        var note = new EngineRestoreNote(DateTimeOffset.UnixEpoch, TradingState.Managing, TradingState.Paused, OpenPositions: 1, RestingOrders: 3, MarketResumedAt: null);
        var status = new EngineStatus("e", TradingState.Paused, null, "breakout_v1", TradingMode.LiveDemo, "okx", null, 0, 3, 3, 10_000m, 10_000m, 0m, 0, 0,
            BreakoutBot.Domain.Risk.KillSwitchState.Armed, null, 0, null, [], [], [], null, 1, 293.68m);

        EngineText.RestoredNow(note, status).ShouldBe("Now 0 open positions with 0 resting stop/target orders (1 position at the restart; see the reconciliation below).");
    }

    [Fact]
    public void TheEngineListsReplayProgressGroupsItsThousands()
    {
        EngineText.MarketProgress(replay: true, 1_535, 20_000).ShouldBe("replay 1,535 / 20,000 bars");
        EngineText.MarketProgress(replay: false, 0, 0).ShouldBe("live OKX data");
    }

    [Theory]
    [InlineData(TradingMode.Paper, "Paper")]
    [InlineData(TradingMode.LiveDemo, "OKX demo")]
    [InlineData(TradingMode.Live, "LIVE")]
    public void ModesHaveOneLabelEverywhere(TradingMode mode, string label) => EngineText.Mode(mode).ShouldBe(label);

    /// <summary>Account change since 00:00 16.58, Today's P&amp;L 426.85 (nothing closed today, all of it the open position's).</summary>
    private static EngineStatus AfterMidnight(int openedBefore) =>
        new EngineStatus("e", TradingState.Managing, null, "breakout_v1", TradingMode.Paper, "paper", null, 1, 3, 2, 10_426.85m, 10_000m, 16.58m, 0, 0,
            BreakoutBot.Domain.Risk.KillSwitchState.Armed, null, 0, null, [], [], [], null, 0, 0m, RealizedNetToday: 0m, OpenNetPnl: 426.85m, DayStartEquity: 10_410.27m)
        { TodayOpenedBefore = openedBefore };

    [Fact]
    public void AGapFromAPositionOpenedBeforeMidnightIsSaidSoAndNotBlamedOnFundingOrFees()
    {
        var gap = EngineText.EquityGap(AfterMidnight(openedBefore: 1));

        gap.ShouldStartWith(" — 410.27 less than the booked trades (1 position counted today was opened before 00:00 UTC: what it made before the day began is in Today's P&L but not in this change");
        gap.ShouldNotContain("(funding");
    }

    [Fact]
    public void AGapNoEarlierPositionExplainsIsPutDownToFundingFeesOrUnbookedFills()
    {
        EngineText.EquityGap(AfterMidnight(openedBefore: 0)).ShouldBe(" — 410.27 less than the booked trades (funding, fees or fills the engine did not book)");
        EngineText.EquityGap(AfterMidnight(openedBefore: 0) with { DailyPnl = 426.85m }).ShouldBe("", "no gap, nothing to explain");
    }

    [Fact]
    public void TodaysRGoesWithTheTradesClosedTodayNotWithTheTotalThatCountsOpenPositions()
    {
        var s = AfterMidnight(openedBefore: 0) with { RealizedNetToday = 340.81m, OpenNetPnl = 36.23m, DailyR = 6.01 };

        EngineText.TodayParts(s).ShouldBe("closed today 340.81 (6.01 R) + open positions 36.23");
        EngineText.Today(s).ShouldBe("377.04 (closed today 6.01 R)");
    }
}
