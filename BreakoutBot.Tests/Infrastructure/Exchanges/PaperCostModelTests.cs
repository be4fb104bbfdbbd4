using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Presets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Paper;
using BreakoutBot.Infrastructure.MarketData;
using BreakoutBot.Infrastructure.Replay;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges;

/// <summary>Worked examples of the paper cost model, one per component (ADR-007).</summary>
public class PaperCostModelTests
{
    private const string Sol = "SOL-USDT-SWAP";
    private static readonly Instrument SolInstrument = new(Sol, InstrumentKind.Swap, 0.01m, 1m, 1m, 1m);

    /// <summary>Bid 99.9, ask 100.1 around a last of 100 (20 bps), 1,000,000 USDT within 0.3 % on each side.</summary>
    private static readonly OrderBookSummary Book = new(99.9m, 100.1m, 1_000_000m, 1_000_000m, 1_500_000m, 1_500_000m, 0d);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 1, 1, 7, 55, 0, TimeSpan.Zero));
    private int _ids;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TakerFillsPayThePresetsTakerFee()
    {
        var options = new PaperExchangeOptions { SlippageBps = 0m, FundingRateBps = 0m }.WithFees(PresetCatalog.Get("breakout_v1").ExecutionConfig);
        options.TakerFeeBps.ShouldBe(6.5m);
        options.MakerFeeBps.ShouldBe(1.5m);
        var paper = Create(options);
        paper.SetMarkPrice(Sol, 100m);

        var buy = (await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Market, 10m), Ct)).Order!;

        // 10 · 100 · 6.5 bps = 0.65.
        buy.AverageFillPrice.ShouldBe(100m);
        buy.Fee.ShouldBe(0.65m);
        paper.GetFillCosts().ShouldHaveSingleItem().Fee.ShouldBe(0.65m);
    }

    [Fact]
    public void ReplayFeesComeFromThePresetUnlessTheReplayOverridesThem()
    {
        var preset = PresetCatalog.Get("breakout_v1");

        var fromPreset = ReplayPaper.OptionsFor(preset, new ReplayOptions());
        var overridden = ReplayPaper.OptionsFor(preset, new ReplayOptions { TakerFeeBps = 4m, MakerFeeBps = 0m });

        fromPreset.TakerFeeBps.ShouldBe(6.5m);
        fromPreset.MakerFeeBps.ShouldBe(1.5m);
        overridden.TakerFeeBps.ShouldBe(4m);
        overridden.MakerFeeBps.ShouldBe(0m);
    }

    [Fact]
    public async Task MarketOrdersCrossHalfTheSpread()
    {
        var paper = Create(NoSlippageNoFees(), Book with { AskDepth03 = 0m, BidDepth03 = 0m });
        paper.SetMarkPrice(Sol, 100m);

        var buy = (await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Market, 10m), Ct)).Order!;
        var sell = (await paper.PlaceOrderAsync(Order(OrderSide.Sell, OrderType.Market, 10m), Ct)).Order!;

        // Half spread = (100.1 − 99.9)/(100.1 + 99.9) = 0.1 %: buys at 100.1, sells at 99.9, 10 · 0.1 = 1 each way.
        buy.AverageFillPrice.ShouldBe(100.1m);
        sell.AverageFillPrice.ShouldBe(99.9m);
        paper.GetFillCosts().Select(c => c.Spread).ShouldBe([1m, 1m]);
        paper.GetFillCosts().Select(c => c.Slippage).ShouldBe([0m, 0m]);
        (await paper.GetBalanceAsync(Ct)).RealizedPnl.ShouldBe(-2m);
    }

    [Fact]
    public async Task AnImmediateOrCancelLimitShortOfTheTouchIsNotMarketable()
    {
        var paper = Create(NoSlippageNoFees(), Book);
        paper.SetMarkPrice(Sol, 100m);

        var shortOfAsk = (await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 10m, 100.05m, TimeInForce.ImmediateOrCancel), Ct)).Order!;

        // Above the last (100) but below the ask (100.1): not marketable, nothing filled.
        shortOfAsk.Status.ShouldBe(OrderStatus.Cancelled);
        shortOfAsk.FilledQuantity.ShouldBe(0m);
        shortOfAsk.RejectReason.ShouldNotBeNull().ShouldContain("beyond the limit");
        paper.GetFillCosts().ShouldBeEmpty();
    }

    [Theory]
    // Buy 2,000 at 100.2, touch 100.1 (the ask), D = 1,000,000 on the ask, base 2, impact 40. Room for the marginal
    // slippage: 10⁴·0.1/100.1 − 2 = 7.99000999 bps; the q-th coin costs 2 + 2·40·q·100.1/10⁶ bps, within it up to
    // q = 7.99000999·10⁶/(80·100.1) = 997.75 → 997 coins (the 998th: 9.99198 bps > 9.99001). Priced as a taker of 997:
    // 2 + 40·997·100.1/10⁶ = 5.991988 bps, 100.1·1.0005991988 = 100.15997981 → 100.16 on the tick (≤ 100.2).
    // Spread 997·0.1 = 99.7, slippage 997·0.06 = 59.82.
    [InlineData(OrderSide.Buy, 100.2, 997, 100.16, 99.7, 59.82)]
    // Sell 2,000 at 99.8, touch 99.9 (the bid): room 10⁴·0.1/99.9 − 2 = 8.01001001 bps, q ≤ 8.01001001·10⁶/(80·99.9)
    // = 1,002.25 → 1,002 coins; 2 + 40·1002·99.9/10⁶ = 6.003992 bps, 99.9·(1 − 0.0006003992) = 99.84002012 → 99.84
    // (down to the tick, ≥ 99.8). Spread 1002·0.1 = 100.2, slippage 1002·0.06 = 60.12.
    [InlineData(OrderSide.Sell, 99.8, 1002, 99.84, 100.2, 60.12)]
    public async Task AnImmediateOrCancelLimitFillsOnlyWhatTheBookGivesWithinItsLimitAndCancelsTheRest(
        OrderSide side, decimal limit, decimal filled, decimal price, decimal spread, decimal slippage)
    {
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, DepthImpactBps = 40m, TakerFeeBps = 0m, StartingBalance = 1_000_000m, FundingRateBps = 0m }, Book);
        paper.SetMarkPrice(Sol, 100m);

        var ioc = (await paper.PlaceOrderAsync(Order(side, OrderType.Limit, 2000m, limit, TimeInForce.ImmediateOrCancel), Ct)).Order!;

        // As OKX reports an IOC that took part of its size: cancelled, with what filled.
        ioc.Status.ShouldBe(OrderStatus.Cancelled);
        ioc.Quantity.ShouldBe(2000m);
        ioc.FilledQuantity.ShouldBe(filled);
        ioc.AverageFillPrice.ShouldBe(price);
        ioc.RejectReason.ShouldNotBeNull().ShouldContain("the rest cancelled");
        var fill = (await paper.GetFillsAsync(0, Ct)).ShouldHaveSingleItem();
        (fill.Quantity, fill.Price, fill.IsMaker).ShouldBe((filled, price, false));
        var cost = paper.GetFillCosts().ShouldHaveSingleItem();
        (cost.Spread, cost.Slippage).ShouldBe((spread, slippage));
        // Itemised costs are what the trader paid over the last price.
        (cost.Spread + cost.Slippage).ShouldBe(Math.Abs(price - 100m) * filled);
        (await paper.GetPositionsAsync(Ct)).ShouldHaveSingleItem().Quantity.ShouldBe(side == OrderSide.Buy ? filled : -filled);
        (await paper.GetOpenOrdersAsync(Ct)).ShouldBeEmpty();
    }

    [Theory]
    // Touch 100.1, base 2 bps: a limit at the touch or 100.12 leaves no room beyond the base slippage (10⁴·0.02/100.1 =
    // 1.998 bps < 2): not even the first coin is within the limit.
    [InlineData(100.1, 1_000_000)]
    [InlineData(100.12, 1_000_000)]
    // At 100.13 the room is 10⁴·0.03/100.1 − 2 = 0.997 bps, but against a depth of 5,000 that is
    // 0.997·5,000/(80·100.1) = 0.62 coin, which rounds down to no lot.
    [InlineData(100.13, 5_000)]
    public async Task AnImmediateOrCancelLimitWithNoLotWithinItsLimitIsCancelledUnfilled(decimal limit, decimal depth)
    {
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, DepthImpactBps = 40m, FundingRateBps = 0m }, Book with { AskDepth03 = depth });
        paper.SetMarkPrice(Sol, 100m);

        var ioc = (await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 10m, limit, TimeInForce.ImmediateOrCancel), Ct)).Order!;

        ioc.Status.ShouldBe(OrderStatus.Cancelled);
        ioc.FilledQuantity.ShouldBe(0m);
        ioc.RejectReason.ShouldNotBeNull().ShouldContain("nothing filled");
        (await paper.GetFillsAsync(0, Ct)).ShouldBeEmpty();
        (await paper.GetPositionsAsync(Ct)).Where(p => p.Quantity != 0).ShouldBeEmpty();
    }

    [Fact]
    public async Task WithoutAKnownDepthALimitFillsInFullWhenTheBaseSlippageIsWithinItAndOtherwiseNothing()
    {
        // No book, no spread: touch = last = 100; every coin costs the base 2 bps, 100.02.
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, TakerFeeBps = 0m, StartingBalance = 1_000_000m, FundingRateBps = 0m });
        paper.SetMarkPrice(Sol, 100m);

        var within = (await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 1000m, 100.02m, TimeInForce.ImmediateOrCancel), Ct)).Order!;
        var beyond = (await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 1000m, 100.01m, TimeInForce.ImmediateOrCancel), Ct)).Order!;

        (within.Status, within.FilledQuantity, within.AverageFillPrice).ShouldBe((OrderStatus.Filled, 1000m, 100.02m));
        (beyond.Status, beyond.FilledQuantity).ShouldBe((OrderStatus.Cancelled, 0m));
    }

    [Fact]
    public async Task AMarketableGoodTillCancelLimitTakesWhatIsWithinItsLimitAndRestsTheRest()
    {
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, DepthImpactBps = 40m, TakerFeeBps = 0m, MakerFeeBps = 0m, StartingBalance = 1_000_000m, FundingRateBps = 0m }, Book);
        paper.SetMarkPrice(Sol, 100m);

        var gtc = (await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 2000m, 100.2m), Ct)).Order!;

        // As the IOC of the worked example: 997 coins as a taker at 100.16; the other 1,003 rest at 100.2.
        (gtc.Status, gtc.FilledQuantity, gtc.AverageFillPrice).ShouldBe((OrderStatus.PartiallyFilled, 997m, 100.16m));
        (await paper.GetOpenOrdersAsync(Ct)).ShouldHaveSingleItem().OrderId.ShouldBe(gtc.OrderId);

        // A bar trading through 100.2 fills the rest as a maker at its limit.
        paper.OnCandle(Sol, Candle.Create(new DateTimeOffset(2024, 1, 1, 7, 50, 0, TimeSpan.Zero), 100.15m, 100.3m, 100.1m, 100.2m, 1_000m));

        var done = (await paper.GetOrderAsync(Sol, gtc.OrderId, Ct))!;
        done.Status.ShouldBe(OrderStatus.Filled);
        done.FilledQuantity.ShouldBe(2000m);
        (await paper.GetFillsAsync(0, Ct)).Select(f => (f.Quantity, f.Price, f.IsMaker)).ShouldBe([(997m, 100.16m, false), (1003m, 100.2m, true)]);
        // (997·100.16 + 1003·100.2)/2000 = (99,859.52 + 100,500.6)/2000 = 100.18006.
        done.AverageFillPrice.ShouldBe(100.18006m);
    }

    [Fact]
    public async Task LimitPricesLieOnTheTickRoundedInTheTradersFavourSoMakerFillsDoToo()
    {
        var paper = Create(NoSlippageNoFees());
        paper.SetMarkPrice(Sol, 100m);

        var buy = (await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Limit, 1m, 95.057m), Ct)).Order!;
        var sell = (await paper.PlaceOrderAsync(Order(OrderSide.Sell, OrderType.Limit, 1m, 105.051m), Ct)).Order!;

        // As the OKX adapter sends them: a buy down to 95.05, a sell up to 105.06.
        (buy.Price, sell.Price).ShouldBe((95.05m, 105.06m));
        paper.OnCandle(Sol, Candle.Create(new DateTimeOffset(2024, 1, 1, 7, 50, 0, TimeSpan.Zero), 100m, 100m, 95m, 96m, 1_000m));
        (await paper.GetFillsAsync(0, Ct)).ShouldHaveSingleItem().Price.ShouldBe(95.05m);
    }

    [Fact]
    public async Task SlippageOfASmallOrderIsAboutTheBaseAndTheFillLiesOnTheTickAgainstTheTrader()
    {
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, DepthImpactBps = 40m, TakerFeeBps = 6.5m, FundingRateBps = 0m }, Book);
        paper.SetMarkPrice(Sol, 100m);

        var buy = (await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Market, 10m), Ct)).Order!;
        var sell = (await paper.PlaceOrderAsync(Order(OrderSide.Sell, OrderType.Market, 10m), Ct)).Order!;

        // Buy: touch 100.1; notional 1,001 over 1,000,000 of ask depth: 2 + 40 · 0.001001 = 2.04004 bps;
        // 100.1 · 1.000204004 = 100.1204208004, rounded up to the 0.01 tick: 100.13; slippage 10 · (100.13 − 100.1) = 0.3
        // (the rounding's 0.0795792 in it); fee 10 · 100.13 · 6.5 bps = 0.650845.
        buy.AverageFillPrice.ShouldBe(100.13m);
        // Sell: touch 99.9; notional 999: 2.03996 bps; 99.9 · (1 − 0.000203996) = 99.8796207996, rounded down: 99.87.
        sell.AverageFillPrice.ShouldBe(99.87m);
        var costs = paper.GetFillCosts();
        costs.Select(c => (c.Spread, c.Slippage, c.Fee)).ShouldBe([(1m, 0.3m, 0.650845m), (1m, 0.3m, 0.649155m)]);
        // Spread and slippage add up to what the fills paid over the last price: 10 · 0.13 each way.
        (await paper.GetBalanceAsync(Ct)).RealizedPnl.ShouldBe(-(costs.Sum(c => c.Spread + c.Slippage)));
    }

    [Fact]
    public async Task SlippageGrowsWithNotionalAgainstTheDepth()
    {
        var paper = Create(new PaperExchangeOptions { SlippageBps = 2m, DepthImpactBps = 40m, TakerFeeBps = 0m, StartingBalance = 1_000_000m, FundingRateBps = 0m }, Book);
        paper.SetMarkPrice(Sol, 100m);

        var buy = (await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Market, 2000m), Ct)).Order!;

        // Notional 2000 · 100.1 = 200,200, a fifth of the depth: 2 + 40 · 0.2002 = 10.008 bps;
        // price 100.1 · 1.0010008 = 100.20018008, up to the tick 100.21; slippage 2000 · 0.11 = 220.
        buy.AverageFillPrice.ShouldBe(100.21m);
        paper.GetFillCosts().ShouldHaveSingleItem().Slippage.ShouldBe(220m);
    }

    [Fact]
    public void SlippageIsCappedAndWithoutDepthOnlyTheBase()
    {
        var model = new PaperCostModel(new PaperExchangeOptions { SlippageBps = 2m, DepthImpactBps = 40m, MaxSlippageBps = 100m });

        model.SlippageBps(OrderSide.Buy, 5_005_000m, Book).ShouldBe(100m);
        model.SlippageBps(OrderSide.Sell, 5_005_000m, null).ShouldBe(2m);
        model.SlippageBps(OrderSide.Sell, 500_000m, Book).ShouldBe(22m);
    }

    [Fact]
    public async Task ALongPaysFundingAtTheEightHourSettlement()
    {
        var paper = Create(FundingOnly());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Market, 10m), Ct);

        _clock.SetUtcNow(new DateTimeOffset(2024, 1, 1, 7, 59, 0, TimeSpan.Zero));
        paper.SetMarkPrice(Sol, 100m);
        paper.GetFundingPayments().ShouldBeEmpty();
        _clock.SetUtcNow(new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero));
        paper.SetMarkPrice(Sol, 110m);

        // 10 · 110 · 1 bp = 0.11 paid at 08:00.
        var payment = paper.GetFundingPayments().ShouldHaveSingleItem();
        payment.Time.ShouldBe(new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero));
        payment.Amount.ShouldBe(0.11m);
        payment.Source.ShouldBe("flat");
        (await paper.GetBalanceAsync(Ct)).Cash.ShouldBe(9_999.89m);
    }

    [Fact]
    public async Task AShortReceivesFundingForEverySettlementItHeld()
    {
        var paper = Create(FundingOnly());
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Order(OrderSide.Sell, OrderType.Market, 10m), Ct);

        _clock.SetUtcNow(new DateTimeOffset(2024, 1, 1, 16, 5, 0, TimeSpan.Zero));
        paper.SetMarkPrice(Sol, 100m);

        // Two settlements crossed (08:00 and 16:00): −10 · 100 · 1 bp = −0.1 each, received.
        paper.GetFundingPayments().Select(p => p.Amount).ShouldBe([-0.1m, -0.1m]);
        paper.FundingPaid.ShouldBe(-0.2m);
        (await paper.GetBalanceAsync(Ct)).Cash.ShouldBe(10_000.2m);
    }

    [Fact]
    public async Task AFundingSeriesReplacesTheFlatRateWhereItHasAValue()
    {
        var paper = Create(FundingOnly());
        paper.UseFundingSchedule(FundingRateSeries.Of("FUNDING csv", new Dictionary<string, IReadOnlyDictionary<DateTimeOffset, decimal>>
        {
            [Sol] = new Dictionary<DateTimeOffset, decimal> { [new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero)] = -3m },
        }));
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Market, 10m), Ct);

        _clock.SetUtcNow(new DateTimeOffset(2024, 1, 1, 16, 0, 0, TimeSpan.Zero));
        paper.SetMarkPrice(Sol, 100m);

        paper.GetFundingPayments().Select(p => (p.Amount, p.Source)).ShouldBe([(-0.3m, "FUNDING csv"), (0.1m, "flat")]);
        paper.FundingSource.ShouldBe("FUNDING csv");
    }

    [Fact]
    public async Task AnInstrumentFundingEveryFourHoursPaysAtEachOfItsSettlements()
    {
        var paper = Create(FundingOnly());
        var day = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // Settlements every 4 h from 04:00 to 20:00 at 2 bps, 3 bps, ... (the instrument's own schedule, not the 8-h grid).
        var rates = Enumerable.Range(1, 5).ToDictionary(i => day.AddHours(4 * i), i => i + 1m);
        paper.UseFundingSchedule(FundingRateSeries.Of("FUNDING csv", new Dictionary<string, IReadOnlyDictionary<DateTimeOffset, decimal>> { [Sol] = rates }));
        paper.SetMarkPrice(Sol, 100m);
        await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Market, 10m), Ct);

        _clock.SetUtcNow(day.AddHours(24));
        paper.SetMarkPrice(Sol, 100m);

        // Held from 07:55: 08:00 (3 bps), 12:00 (4), 16:00 (5), 20:00 (6) from the file, each 10 · 100 · rate; then 00:00,
        // after the file's last settlement and not covered by it, at the flat 1 bp.
        paper.GetFundingPayments().Select(p => (p.Time.Hour, p.Amount, p.Source)).ShouldBe(
            [(8, 0.3m, "FUNDING csv"), (12, 0.4m, "FUNDING csv"), (16, 0.5m, "FUNDING csv"), (20, 0.6m, "FUNDING csv"), (0, 0.1m, "flat")]);
    }

    [Fact]
    public async Task TheBalanceFollowsEveryFillFundingAndMarkOfAnOpenPositionAndIsAnsweredAgainWhileNothingMoves()
    {
        var paper = Create(FundingOnly());
        paper.SetMarkPrice(Sol, 100m);
        var flat = await paper.GetBalanceAsync(Ct);
        // No position: a new price moves nothing, and the same balance is answered.
        paper.OnCandle(Sol, Candle.Create(new DateTimeOffset(2024, 1, 1, 7, 45, 0, TimeSpan.Zero), 100m, 105m, 99m, 104m, 1_000m));
        (await paper.GetBalanceAsync(Ct)).ShouldBeSameAs(flat);

        await paper.PlaceOrderAsync(Order(OrderSide.Buy, OrderType.Market, 10m), Ct);
        var open = await paper.GetBalanceAsync(Ct);
        open.Equity.ShouldBe(10_000m);
        (await paper.GetBalanceAsync(Ct)).ShouldBeSameAs(open);

        // The mark of the open position moves the equity, by a bar or by a tick.
        paper.OnCandle(Sol, Candle.Create(new DateTimeOffset(2024, 1, 1, 7, 50, 0, TimeSpan.Zero), 104m, 111m, 103m, 110m, 1_000m));
        (await paper.GetBalanceAsync(Ct)).Equity.ShouldBe(10_060m);
        paper.SetMarkPrice(Sol, 90m);
        (await paper.GetBalanceAsync(Ct)).Equity.ShouldBe(9_860m);

        // Funding at 08:00 moves the cash: 10 · 90 · 1 bp = 0.09.
        _clock.SetUtcNow(new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero));
        paper.SetMarkPrice(Sol, 90m);
        var funded = await paper.GetBalanceAsync(Ct);
        (funded.Cash, funded.Equity).ShouldBe((9_999.91m, 9_859.91m));

        // Closed: the cash holds the result, and prices no longer move the balance.
        await paper.PlaceOrderAsync(Order(OrderSide.Sell, OrderType.Market, 10m), Ct);
        var closed = await paper.GetBalanceAsync(Ct);
        (closed.Cash, closed.Equity, closed.UnrealizedPnl).ShouldBe((9_859.91m, 9_859.91m, 0m));
        paper.SetMarkPrice(Sol, 120m);
        (await paper.GetBalanceAsync(Ct)).ShouldBeSameAs(closed);
    }

    [Fact]
    public void TheLedgerFindsThePositionInEveryTagTheEngineWrites()
    {
        ReplayCostLedger.PositionIdOf("entry:pos7").ShouldBe("pos7");
        ReplayCostLedger.PositionIdOf("sl:pos7").ShouldBe("pos7");
        ReplayCostLedger.PositionIdOf("exit:pos7:Stop").ShouldBe("pos7");
        ReplayCostLedger.PositionIdOf("sl-of-entry:pos7").ShouldBe("pos7");
        ReplayCostLedger.PositionIdOf(null).ShouldBeNull();
        ReplayCostLedger.PositionIdOf("manual").ShouldBeNull();
    }

    private static PaperExchangeOptions NoSlippageNoFees() => new() { SlippageBps = 0m, TakerFeeBps = 0m, MakerFeeBps = 0m, FundingRateBps = 0m };

    private static PaperExchangeOptions FundingOnly() => new() { SlippageBps = 0m, TakerFeeBps = 0m, MakerFeeBps = 0m, FundingRateBps = 1m };

    private PaperExchangeClient Create(PaperExchangeOptions options, OrderBookSummary? book = null)
    {
        var paper = new PaperExchangeClient([SolInstrument], _clock, options);
        if (book is { } b)
        {
            paper.UseOrderBooks(_ => b);
        }
        return paper;
    }

    private OrderRequest Order(OrderSide side, OrderType type, decimal quantity, decimal? price = null, TimeInForce timeInForce = TimeInForce.GoodTillCancel) =>
        new("c" + ++_ids, Sol, side, type, quantity, Price: price, TimeInForce: timeInForce);
}
