using BreakoutBot.Domain.Execution;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Risk;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Tests.TestSupport.Builders;

namespace BreakoutBot.Tests.Domain.Execution;

/// <summary>
/// How an approved entry is executed (ADR-011): split only when one order would take more than max_depth_fraction of
/// the visible depth; then post-only iceberg clips from iceberg_min_notional, else TWAP slices; never more than approved.
/// </summary>
public class EntryPlannerTests
{
    private static readonly Instrument Instrument = new("TEST-USDT-SWAP", InstrumentKind.Swap, 0.01m, 1m, 1m, 1m);
    private static readonly ExecutionConfig Config = PresetCatalog.Get("breakout_v1").ExecutionConfig;

    /// <summary>A book around 100 with <paramref name="askDepth"/> USD on the ask within 0.3 % (and as much on the bid).</summary>
    private static OrderBookSummary Book(decimal askDepth, decimal bid = 99.99m, decimal ask = 100.01m) =>
        new(bid, ask, askDepth, askDepth, askDepth, askDepth, 0d);

    private static ApprovedEntry Long(decimal quantity) =>
        new(TradingBuilder.SignalOn(Instrument.Id, TradingBuilder.Start, PositionSide.Long, 100m, 95m), quantity, quantity * 100m, quantity * 5m, TradingBuilder.Start);

    [Fact]
    public void AnEntryTheBookTakesAtOnceIsOneOrderWhateverThePresetAllows()
    {
        // 1,000 USD against 8,000 of depth: within a quarter of it.
        var plan = EntryPlanner.Plan(Long(10m), Config, Instrument, Book(8_000m), null);

        plan.Style.ShouldBe(EntryStyle.Single);
        plan.Slices.ShouldBe(1);
        Config.EnableTwap.ShouldBeTrue("breakout_v1 allows TWAP, yet a small entry is not split");
    }

    [Fact]
    public void WithoutAKnownDepthTheEntryIsOneOrder()
    {
        EntryPlanner.Plan(Long(500m), Config, Instrument, null, null).Style.ShouldBe(EntryStyle.Single);
    }

    [Fact]
    public void AnEntryAboveTheDepthGuardBelowTheIcebergNotionalIsTwapSlicedAtLeastTwapMinSlicesTimes()
    {
        // 3,000 USD against 8,000: a quarter is 2,000, so two orders would do; breakout_v1 asks for at least 4 slices.
        var plan = EntryPlanner.Plan(Long(30m), Config, Instrument, Book(8_000m), null);

        plan.Style.ShouldBe(EntryStyle.Twap);
        plan.Slices.ShouldBe(Config.TwapMinSlices);
        plan.MaxSliceQuantity.ShouldBe(20m, "a quarter of 8,000 USD at 100");
        plan.Interval.ShouldBe(TimeSpan.FromSeconds(Config.TwapIntervalSeconds));
    }

    [Fact]
    public void ALargeEntryIsCutIntoAsManySlicesAsTheDepthGuardNeedsUpToTwapMaxSlices()
    {
        // 14,000 USD against 4,000: ⌈14,000 / 1,000⌉ = 14 slices needed, breakout_v1 allows 12.
        var config = Config with { EnableIceberg = false };
        var plan = EntryPlanner.Plan(Long(140m), config, Instrument, Book(4_000m), null);

        plan.Style.ShouldBe(EntryStyle.Twap);
        plan.Slices.ShouldBe(config.TwapMaxSlices);
        plan.MaxSliceQuantity.ShouldBe(10m);
    }

    [Fact]
    public void AnEntryAboveTheDepthGuardFromTheIcebergNotionalIsCutIntoPostOnlyClips()
    {
        // 6,400 USD (≥ 6,000) against 8,000: ⌈6,400 / 2,000⌉ = 4 clips of at most 20.
        var plan = EntryPlanner.Plan(Long(64m), Config, Instrument, Book(8_000m), null);

        plan.Style.ShouldBe(EntryStyle.Iceberg);
        plan.Slices.ShouldBe(4);
        plan.MaxSliceQuantity.ShouldBe(20m);
        plan.DeadmanTimeout.ShouldBe(TimeSpan.FromMilliseconds(Config.DeadmanTimeoutMs));
    }

    [Fact]
    public void WithBothStylesOffEveryEntryIsOneOrder()
    {
        var config = Config with { EnableTwap = false, EnableIceberg = false };
        EntryPlanner.Plan(Long(140m), config, Instrument, Book(4_000m), null).Style.ShouldBe(EntryStyle.Single);
    }

    [Theory]
    [InlineData(64, 4, 16)]
    [InlineData(10, 3, 3)]
    [InlineData(10, 1, 10)]
    [InlineData(1, 4, 1)]
    [InlineData(0.5, 2, 0)]
    public void TheNextSliceSpreadsWhatIsLeftOverTheSlicesLeftInWholeLots(decimal remaining, int slicesLeft, decimal expected)
    {
        var plan = new EntryPlan(EntryStyle.Twap, 4, 100m, TimeSpan.Zero, TimeSpan.Zero, "test");
        EntryPlanner.NextSliceQuantity(plan, remaining, slicesLeft, Instrument).ShouldBe(expected);
    }

    [Fact]
    public void TheLastSliceTakesWhatIsLeftButNeverMoreThanTheDepthGuardAllows()
    {
        var plan = new EntryPlan(EntryStyle.Twap, 4, 20m, TimeSpan.Zero, TimeSpan.Zero, "test");
        EntryPlanner.NextSliceQuantity(plan, 17m, 1, Instrument).ShouldBe(17m);
        EntryPlanner.NextSliceQuantity(plan, 35m, 1, Instrument).ShouldBe(20m, "the rest beyond the guard is not taken");
    }

    [Fact]
    public void APostOnlyBuyRestsLimitOffsetBpsBelowTheBestBidAndNeverAboveThePriceGuard()
    {
        // 99.99 − 1.5 bps = 99.975…, rounded down to the 0.01 tick.
        EntryPlanner.PostOnlyPrice(OrderSide.Buy, Book(8_000m), null, Config, 100.1m, Instrument).ShouldBe(99.97m);
        // A sell rests above the best ask: 100.01 + 1.5 bps = 100.025…, rounded up.
        EntryPlanner.PostOnlyPrice(OrderSide.Sell, Book(8_000m), null, Config, 99.9m, Instrument).ShouldBe(100.03m);
        // The market has run beyond the guard: the clip rests at the guard, not above it.
        EntryPlanner.PostOnlyPrice(OrderSide.Buy, Book(8_000m, bid: 100.5m, ask: 100.52m), null, Config, 100.1m, Instrument).ShouldBe(100.1m);
        EntryPlanner.PostOnlyPrice(OrderSide.Buy, null, null, Config, 100.1m, Instrument).ShouldBeNull();
    }
}
