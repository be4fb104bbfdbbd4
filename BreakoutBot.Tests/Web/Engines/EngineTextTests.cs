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

    [Theory]
    [InlineData(TradingMode.Paper, "Paper")]
    [InlineData(TradingMode.LiveDemo, "OKX demo")]
    [InlineData(TradingMode.Live, "LIVE")]
    public void ModesHaveOneLabelEverywhere(TradingMode mode, string label) => EngineText.Mode(mode).ShouldBe(label);
}
