using BreakoutBot.Domain.Common;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Models;

/// <summary>The models read from small payloads written here from the documented shapes (no ../shared needed).</summary>
public sealed class OkxModelTests
{
    private const string Instruments = """
        {"code":"0","msg":"","data":[
          {"instType":"SWAP","instId":"SOL-USDT-SWAP","ctType":"linear","ctVal":"1","ctMult":"10","ctValCcy":"SOL","settleCcy":"USDT",
           "tickSz":"0.01","lotSz":"0.1","minSz":"0.1","maxMktSz":"5000","lever":"50","state":"live","instIdCode":77,"futureSettlement":false},
          {"instType":"SWAP","instId":"ETH-USD-SWAP","ctType":"inverse","ctVal":"10","ctMult":"1","ctValCcy":"USD","settleCcy":"ETH",
           "tickSz":"0.01","lotSz":"1","minSz":"1","state":"live"},
          {"instType":"SPOT","instId":"DOGE-USDT","ctType":"","ctVal":"","ctMult":"","baseCcy":"DOGE","quoteCcy":"USDT",
           "tickSz":"0.00001","lotSz":"0.0001","minSz":"10","maxMktSz":"1000000","state":"suspend","someNewField":{"x":1}}
        ]}
        """;

    private const string Candles = """
        {"code":"0","msg":"","data":[
          ["1700000600000","12","13","11.5","12.5","300","30","360","0"],
          ["1700000300000","11","12.2","10.9","12","200","20","230","1"],
          ["1700000000000","10","11.1","9.8","11","100","10","105","1"]
        ]}
        """;

    private const string Orders = """
        {"code":"0","msg":"","data":[
          {"instType":"SWAP","instId":"SOL-USDT-SWAP","ordId":"2896576259728695297","clOrdId":"bb1entry7","side":"sell","posSide":"net",
           "tdMode":"cross","ordType":"limit","px":"150.25","sz":"3","state":"partially_filled","accFillSz":"1","avgPx":"0","fillPx":"150.25",
           "fillSz":"1","fee":"-0.075","feeCcy":"USDT","reduceOnly":"true","tgtCcy":"","lever":"5","tag":"",
           "attachAlgoOrds":[{"attachAlgoId":"900","attachAlgoClOrdId":"bb1sl7","slTriggerPx":"155","slOrdPx":"-1","tpTriggerPx":"","tpOrdPx":""}],
           "linkedAlgoOrd":{"algoId":"901"},"cTime":"1700000000000","uTime":"1700000001000"}
        ]}
        """;

    private const string AlgoOrders = """
        {"code":"0","msg":"","data":[
          {"algoId":"681096944655273984","algoClOrdId":"bb1oco3","instType":"SWAP","instId":"SOL-USDT-SWAP","ordType":"oco","side":"buy",
           "posSide":"net","tdMode":"cross","sz":"3","closeFraction":"","state":"live","slTriggerPx":"155","slOrdPx":"-1",
           "tpTriggerPx":"140","tpOrdPx":"-1","triggerPx":"","ordPx":"","reduceOnly":"true","cTime":"1700000002000","uTime":""}
        ]}
        """;

    private const string Fills = """
        {"code":"0","msg":"","data":[
          {"instType":"SWAP","instId":"SOL-USDT-SWAP","tradeId":"123456","billId":"654321","ordId":"2896576259728695297","clOrdId":"bb1entry7",
           "fillPx":"150.25","fillSz":"1","side":"sell","posSide":"net","execType":"M","fee":"-0.03","feeCcy":"USDT","fillPnl":"0",
           "fillTime":"1700000000500","ts":"1700000000600"}
        ]}
        """;

    [Fact]
    public void LinearSwapBecomesAnInstrumentWithContractValueTimesMultiplier()
    {
        var instruments = OkxResponseParser.ParseList(Instruments, 200, OkxInstrument.FromJson).Value;
        var sol = instruments[0];
        sol.MaxMarketSize.ShouldBe(5000m);
        sol.ContractMultiplier.ShouldBe(10m);
        var domain = sol.ToInstrument();
        domain.Id.ShouldBe("SOL-USDT-SWAP");
        domain.ContractValue.ShouldBe(10m);
        domain.LotSize.ShouldBe(0.1m);
        domain.MinQuantity.ShouldBe(1m);
        domain.BaseCurrency.ShouldBe("SOL");
    }

    [Fact]
    public void InverseSwapIsNotMappedToTheCoinQuantityModel()
    {
        var inverse = OkxResponseParser.ParseList(Instruments, 200, OkxInstrument.FromJson).Value[1];
        inverse.CanMapToInstrument.ShouldBeFalse();
        Should.Throw<DomainException>(inverse.ToInstrument).Message.ShouldContain("ETH-USD-SWAP");
    }

    [Fact]
    public void SpotInstrumentIgnoresUnknownFieldsAndReportsItsState()
    {
        var spot = OkxResponseParser.ParseList(Instruments, 200, OkxInstrument.FromJson).Value[2];
        spot.ContractValue.ShouldBeNull();
        spot.IsLive.ShouldBeFalse();
        spot.State.ShouldBe("suspend");
        var domain = spot.ToInstrument();
        domain.Kind.ShouldBe(InstrumentKind.Spot);
        domain.MinSize.ShouldBe(10m);
        domain.TickSize.ShouldBe(0.00001m);
    }

    [Fact]
    public void ClosedCandlesComeOldestFirstWithoutTheFormingBar()
    {
        var rows = OkxResponseParser.ParseList(Candles, 200, OkxCandle.FromJson).Value;
        rows[0].IsConfirmed.ShouldBeFalse();

        var swap = OkxCandle.ToClosedCandlesOldestFirst(rows, InstrumentKind.Swap);
        swap.Select(candle => candle.Time.ToUnixTimeMilliseconds()).ShouldBe([1700000000000, 1700000300000]);
        swap.Select(candle => candle.Volume).ShouldBe([10m, 20m]);
        swap[0].Time.Offset.ShouldBe(TimeSpan.Zero);

        var spot = OkxCandle.ToClosedCandlesOldestFirst(rows, InstrumentKind.Spot);
        spot.Select(candle => candle.Volume).ShouldBe([100m, 200m]);
    }

    [Fact]
    public void DuplicateRowsFromOverlappingPagesAppearOnce()
    {
        var rows = OkxResponseParser.ParseList(Candles, 200, OkxCandle.FromJson).Value;
        OkxCandle.ToClosedCandlesOldestFirst(rows.Concat(rows.Skip(1)), InstrumentKind.Swap).Count.ShouldBe(2);
    }

    [Fact]
    public void OrderReadsStringBooleansZeroAveragePriceAndAttachedStops()
    {
        var order = OkxResponseParser.ParseFirst(Orders, 200, OkxOrder.FromJson).Value;
        order.ReduceOnly.ShouldBeTrue();
        order.AveragePrice.ShouldBeNull();
        order.FilledSize.ShouldBe(1m);
        order.Price.ShouldBe(150.25m);
        order.IsOpen.ShouldBeTrue();
        order.TargetCurrency.ShouldBeNull();
        order.Tag.ShouldBeNull();
        order.LinkedAlgoId.ShouldBe("901");
        var stop = order.AttachedAlgos.ShouldHaveSingleItem();
        stop.AttachAlgoId.ShouldBe("900");
        stop.AttachAlgoClientOrderId.ShouldBe("bb1sl7");
        stop.StopLossTriggerPrice.ShouldBe(155m);
        stop.StopLossOrderPrice.ShouldBe(-1m);
        stop.TakeProfitTriggerPrice.ShouldBeNull();
        order.UpdatedTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1700000001000));
    }

    [Fact]
    public void AlgoOrderReadsBothTriggers()
    {
        var algo = OkxResponseParser.ParseFirst(AlgoOrders, 200, OkxAlgoOrder.FromJson).Value;
        algo.AlgoId.ShouldBe("681096944655273984");
        algo.AlgoClientOrderId.ShouldBe("bb1oco3");
        algo.OrderType.ShouldBe("oco");
        algo.StopLossTriggerPrice.ShouldBe(155m);
        algo.TakeProfitTriggerPrice.ShouldBe(140m);
        algo.TriggerPrice.ShouldBeNull();
        algo.CloseFraction.ShouldBeNull();
        algo.Size.ShouldBe(3m);
        algo.ReduceOnly.ShouldBe(true);
        algo.UpdatedTime.ShouldBeNull();
    }

    [Fact]
    public void FillReadsMakerFlagAndFee()
    {
        var fill = OkxResponseParser.ParseFirst(Fills, 200, OkxFill.FromJson).Value;
        fill.IsMaker.ShouldBeTrue();
        fill.Fee.ShouldBe(-0.03m);
        fill.BillId.ShouldBe("654321");
        fill.TradeId.ShouldBe("123456");
        fill.FillPrice.ShouldBe(150.25m);
        fill.Time.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1700000000600));
    }

    [Fact]
    public void BookSummaryMeasuresDepthWithinTheBands()
    {
        const string book = """
            {"code":"0","msg":"","data":[{"asks":[["100.1","2","0","1"],["100.4","3","0","2"],["100.7","4","0","1"]],
              "bids":[["100","6","0","3"],["99.8","1","0","1"],["99.6","5","0","1"]],"ts":"1700000000000"}]}
            """;
        var summary = OkxResponseParser.ParseFirst(book, 200, OkxOrderBook.FromJson).Value.ToSummary(10m).ShouldNotBeNull();
        summary.BestBid.ShouldBe(100m);
        summary.BestAsk.ShouldBe(100.1m);
        summary.AskDepth03.ShouldBe((100.1m * 2m * 10m) + (100.4m * 3m * 10m));
        summary.AskDepth05.ShouldBe((100.1m * 2m * 10m) + (100.4m * 3m * 10m));
        summary.BidDepth03.ShouldBe((100m * 6m * 10m) + (99.8m * 1m * 10m));
        summary.BidDepth05.ShouldBe((100m * 6m * 10m) + (99.8m * 1m * 10m) + (99.6m * 5m * 10m));
        // Sizes over the (at most 10) best levels: bids 6 + 1 + 5 = 12, asks 2 + 3 + 4 = 9.
        summary.Imbalance.ShouldBe((12d - 9d) / (12d + 9d), 1e-12);
    }

    [Fact]
    public void ImbalanceWeighsTheTenBestLevelsOfEachSideAndNoMore()
    {
        // Twelve levels a side, best first as OKX sends them. The top level alone is even (1 against 1); over the ten best,
        // bids hold 1 + 9 × 2 = 19 against the asks' 10; the wall of 1,000 contracts beyond the tenth bid is not counted.
        var asks = Enumerable.Range(0, 12).Select(i => new OkxBookLevel(101m + i, 1m, 1)).ToList();
        var bids = Enumerable.Range(0, 12).Select(i => new OkxBookLevel(100m - i, i switch { 0 => 1m, < 10 => 2m, _ => 1_000m }, 1)).ToList();

        var summary = new OkxOrderBook(asks, bids, DateTimeOffset.UnixEpoch).ToSummary().ShouldNotBeNull();

        summary.Imbalance.ShouldBe((19d - 10d) / (19d + 10d), 1e-12);
    }

    [Fact]
    public void ASymmetricBookIsBalancedAlthoughItsAsksArePricedHigher()
    {
        var asks = Enumerable.Range(1, 10).Select(i => new OkxBookLevel(50_000m + (i * 10m), 3m, 1)).ToList();
        var bids = Enumerable.Range(1, 10).Select(i => new OkxBookLevel(50_000m - (i * 10m), 3m, 1)).ToList();

        new OkxOrderBook(asks, bids, DateTimeOffset.UnixEpoch).ToSummary(0.01m).ShouldNotBeNull().Imbalance.ShouldBe(0d,
            "a threshold of 0 must not refuse longs on a book that is even");
    }

    [Fact]
    public void EmptyBookSideGivesNoSummary()
    {
        new OkxOrderBook([], [new OkxBookLevel(1m, 1m, 1)], DateTimeOffset.UnixEpoch).ToSummary().ShouldBeNull();
    }
}
