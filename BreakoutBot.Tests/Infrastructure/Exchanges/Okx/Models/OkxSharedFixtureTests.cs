using System.Text.Json;
using System.Text.Json.Nodes;
using BreakoutBot.Domain.Markets;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Models;

/// <summary>Every recorded REST payload in ../shared/okx/fixtures/rest, checked against the values MANIFEST.md lists.</summary>
public sealed class OkxSharedFixtureTests
{
    private static readonly string[] CoveredFiles =
    [
        "error-invalid-key-401.json", "error-rate-limit-429.json", "get-account-balance.json", "get-account-config.json",
        "get-account-positions.json", "get-instruments-spot.json", "get-instruments-swap.json", "get-market-books.json",
        "get-market-candles.json", "get-market-ticker.json", "get-market-tickers.json", "get-market-trades.json",
        "get-public-time.json", "get-trade-order.json", "get-trade-orders-pending.json", "place-order-rejected.json",
        "post-trade-amend-order-request.json", "post-trade-batch-orders-request.json", "post-trade-cancel-order-request.json",
        "post-trade-order-request.json", "post-trade-order.json",
    ];

    [Fact]
    public void EveryRestFixtureHasATestHere()
    {
        var folder = Path.Combine(SharedData.RequireFolder("okx/fixtures"), "rest");
        var files = Directory.GetFiles(folder, "*.json").Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal).ToList();
        files.ShouldBe(CoveredFiles.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void InvalidKeyBodyWithoutDataIsUnauthorized()
    {
        var error = OkxResponseParser.ReadError(Read("error-invalid-key-401.json"), 401).ShouldNotBeNull();
        error.Code.ShouldBe("50111");
        error.Message.ShouldBe("Invalid OK-ACCESS-KEY");
        error.Kind.ShouldBe(OkxErrorKind.Unauthorized);
        error.ExchangeErrorCode.ShouldBe(ExchangeErrorCode.Unauthorized);
    }

    [Fact]
    public void RateLimitBodyIsRateLimited()
    {
        var error = OkxResponseParser.ReadError(Read("error-rate-limit-429.json"), 429).ShouldNotBeNull();
        error.Code.ShouldBe("50011");
        error.Kind.ShouldBe(OkxErrorKind.RateLimited);
        error.IsTransient.ShouldBeTrue();
    }

    [Fact]
    public void BalanceReadsTotalsAndTheUsdtDetail()
    {
        var balance = OkxResponseParser.ParseFirst(Read("get-account-balance.json"), 200, OkxBalance.FromJson).Value;
        balance.TotalEquity.ShouldBe(99.88870288820581m);
        balance.IsolatedEquity.ShouldBe(5.4682385526666675m);
        balance.AdjustedEquity.ShouldBeNull();
        balance.Details.Count.ShouldBe(1);
        var usdt = balance.For("USDT").ShouldNotBeNull();
        usdt.AvailableBalance.ShouldBe(94.42612990333333m);
        usdt.Equity.ShouldBe(99.89469657000001m);
        usdt.FrozenBalance.ShouldBe(5.468566666666667m);
        usdt.IsolatedUnrealizedPnl.ShouldBe(-0.0273000000000002m);
        usdt.CollateralEnabled.ShouldBe(false);
        usdt.UpdateTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1744498994783));
    }

    [Fact]
    public void AccountConfigReadsModeLevelAndPermissions()
    {
        var config = OkxResponseParser.ParseFirst(Read("get-account-config.json"), 200, OkxAccountConfig.FromJson).Value;
        config.PositionMode.ShouldBe("net_mode");
        config.IsNetMode.ShouldBeTrue();
        config.AccountLevel.ShouldBe("1");
        config.CanTradeDerivatives.ShouldBeFalse();
        config.AutoLoan.ShouldBe(false);
        config.Uid.ShouldBe("374579799097793561");
        config.Permissions.ShouldBe(["read_only", "withdraw", "trade"]);
        config.CanTrade.ShouldBeTrue();
    }

    [Fact]
    public void PositionReadsSizePricesAndEmptyValues()
    {
        var position = OkxResponseParser.ParseList(Read("get-account-positions.json"), 200, OkxPosition.FromJson).Value.ShouldHaveSingleItem();
        position.InstrumentId.ShouldBe("LTC-USDT-SWAP");
        position.MarginMode.ShouldBe("cross");
        position.PositionSide.ShouldBe("long");
        position.Size.ShouldBe(2m);
        position.AvailableSize.ShouldBe(2m);
        position.AveragePrice.ShouldBe(82.675m);
        position.MarkPrice.ShouldBe(101.33m);
        position.Leverage.ShouldBe(10m);
        position.UnrealizedPnl.ShouldBe(0.03731m);
        position.LiquidationPrice.ShouldBeNull();
        position.Margin.ShouldBeNull();
        position.PositionId.ShouldBe("653944598162657280");
        position.CloseOrderAlgoIds.ShouldBeEmpty();
    }

    [Fact]
    public void SpotInstrumentsReadTheLiveUniverse()
    {
        var instruments = OkxResponseParser.ParseList(Read("get-instruments-spot.json"), 200, OkxInstrument.FromJson).Value;
        instruments.Count.ShouldBe(1218);
        instruments.ShouldAllBe(instrument => instrument.IsLive);
        var btc = instruments.Single(instrument => instrument.InstrumentId == "BTC-USDT");
        btc.LotSize.ShouldBe(0.00000001m);
        btc.MinSize.ShouldBe(0.00001m);
        btc.TickSize.ShouldBe(0.1m);
        btc.MaxLeverage.ShouldBe(10m);
        btc.ContractValue.ShouldBeNull();
        btc.ContractType.ShouldBeNull();
        btc.SettleCurrency.ShouldBeNull();
        var eth = instruments.Single(instrument => instrument.InstrumentId == "ETH-USDT");
        eth.LotSize.ShouldBe(0.000001m);
        eth.MinSize.ShouldBe(0.0001m);
        eth.TickSize.ShouldBe(0.01m);
        var domain = btc.ToInstrument();
        domain.Kind.ShouldBe(InstrumentKind.Spot);
        domain.ContractValue.ShouldBe(1m);
        domain.MinQuantity.ShouldBe(0.00001m);
        using var document = JsonDocument.Parse(Read("get-instruments-spot.json"));
        var raw = document.RootElement.GetProperty("data").EnumerateArray().Single(item => OkxJson.Text(item, "instId") == "BTC-USDT");
        OkxJson.Integer(raw, "instIdCode").ShouldBe(3);
    }

    [Fact]
    public void SwapInstrumentsReadContractRules()
    {
        var text = Read("get-instruments-swap.json");
        var instruments = OkxResponseParser.ParseList(text, 200, OkxInstrument.FromJson).Value;
        instruments.Count.ShouldBe(312);
        instruments.Count(instrument => instrument.ContractType == "linear").ShouldBe(297);
        instruments.Count(instrument => instrument.ContractType == "inverse").ShouldBe(15);
        instruments.ShouldAllBe(instrument => instrument.IsLive);
        var btc = instruments.Single(instrument => instrument.InstrumentId == "BTC-USDT-SWAP");
        btc.ContractValue.ShouldBe(0.01m);
        btc.ContractValueCurrency.ShouldBe("BTC");
        btc.LotSize.ShouldBe(0.01m);
        btc.MinSize.ShouldBe(0.01m);
        btc.TickSize.ShouldBe(0.1m);
        btc.SettleCurrency.ShouldBe("USDT");
        var domain = btc.ToInstrument();
        domain.Kind.ShouldBe(InstrumentKind.Swap);
        domain.ContractValue.ShouldBe(0.01m);
        domain.QuantityStep.ShouldBe(0.0001m);
        var inverse = instruments.Single(instrument => instrument.InstrumentId == "BTC-USD-SWAP");
        inverse.ContractType.ShouldBe("inverse");
        inverse.ContractValue.ShouldBe(100m);
        inverse.ContractValueCurrency.ShouldBe("USD");
        inverse.LotSize.ShouldBe(0.1m);
        inverse.SettleCurrency.ShouldBe("BTC");
        inverse.CanMapToInstrument.ShouldBeFalse();
        instruments.Single(instrument => instrument.InstrumentId == "ENA-USDT-SWAP").TickSize.ShouldBe(0.00001m);
        instruments.Where(instrument => instrument.CanMapToInstrument).Select(instrument => instrument.ToInstrument()).Count().ShouldBe(297);

        using var document = JsonDocument.Parse(text);
        var raw = document.RootElement.GetProperty("data").EnumerateArray().Single(item => OkxJson.Text(item, "instId") == "BTC-USDT-SWAP");
        OkxJson.Integer(raw, "instIdCode").ShouldBe(10459);
        raw.GetProperty("futureSettlement").ValueKind.ShouldBe(JsonValueKind.False);
        OkxJson.Boolean(raw, "futureSettlement").ShouldBe(false);
        raw.GetProperty("tradeQuoteCcyList").ValueKind.ShouldBe(JsonValueKind.Array);
        raw.GetProperty("upcChg").ValueKind.ShouldBe(JsonValueKind.Array);
    }

    [Fact]
    public void BookReadsLevelsInContracts()
    {
        var book = OkxResponseParser.ParseFirst(Read("get-market-books.json"), 200, OkxOrderBook.FromJson).Value;
        book.Asks[0].ShouldBe(new OkxBookLevel(43466.4m, 14881m, 1));
        book.Bids[0].Price.ShouldBe(43466.3m);
        book.Bids[0].Size.ShouldBe(13807m);
        book.Time.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1706612067750));
        var summary = book.ToSummary(0.01m).ShouldNotBeNull();
        summary.BestAsk.ShouldBeGreaterThan(summary.BestBid);
        summary.BestBid.ShouldBe(43466.3m);
        summary.BidDepth03.ShouldBe((43466.3m * 13807m * 0.01m) + (43466.2m * 17151m * 0.01m));
    }

    [Fact]
    public void CandlesAreNewestFirstAndBecomeOldestFirstClosedCandles()
    {
        var rows = OkxResponseParser.ParseList(Read("get-market-candles.json"), 200, OkxCandle.FromJson).Value;
        rows.Count.ShouldBe(2);
        var newest = rows[0];
        newest.Time.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1747094040000));
        newest.Open.ShouldBe(102806.1m);
        newest.High.ShouldBe(102820.4m);
        newest.Low.ShouldBe(102806.1m);
        newest.Close.ShouldBe(102820.4m);
        newest.Volume.ShouldBe(1040.37m);
        newest.VolumeCurrency.ShouldBe(10.4037m);
        newest.VolumeCurrency.ShouldBe(newest.Volume * 0.01m);
        newest.VolumeQuote.ShouldBe(1069603.34883m);
        newest.IsConfirmed.ShouldBeTrue();
        rows[1].Time.ShouldBe(newest.Time.AddSeconds(-60));

        var candles = OkxCandle.ToClosedCandlesOldestFirst(rows, InstrumentKind.Swap);
        candles.Select(candle => candle.Time).ShouldBe([rows[1].Time, newest.Time]);
        candles[1].Volume.ShouldBe(10.4037m);
    }

    [Fact]
    public void TickerReadsSpotPricesAndTime()
    {
        var ticker = OkxResponseParser.ParseFirst(Read("get-market-ticker.json"), 200, OkxTicker.FromJson).Value;
        ticker.InstrumentType.ShouldBe("SPOT");
        ticker.InstrumentId.ShouldBe("BTC-USDT");
        ticker.Last.ShouldBe(73384.8m);
        ticker.BidPrice.ShouldBe(73384.7m);
        ticker.AskPrice.ShouldBe(73384.8m);
        ticker.AskSize.ShouldBe(0.40193728m);
        ticker.Volume24h.ShouldBe(21266.19145051m);
        ticker.StartOfDayUtc0.ShouldBe(71450m);
        ticker.Time.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1710328243709));
        var domain = ticker.ToTicker();
        domain.Volume24hQuote.ShouldBe(1519926359.597266598m);
        domain.Bid.ShouldBe(73384.7m);
    }

    [Fact]
    public void TickersReadEveryItem()
    {
        var tickers = OkxResponseParser.ParseList(Read("get-market-tickers.json"), 200, OkxTicker.FromJson).Value;
        tickers.Select(ticker => ticker.InstrumentId).ShouldBe(["LTC-USD-SWAP", "BTC-USD-SWAP"]);
        tickers.ShouldAllBe(ticker => ticker.Last == 9999.99m && ticker.BidPrice == 8888.88m);
        tickers[0].Time.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1597026383085));
    }

    [Fact]
    public void TradesEnvelopeReadsWithTheTolerantReaders()
    {
        var trade = OkxResponseParser.ParseList(
            Read("get-market-trades.json"),
            200,
            item => (Side: OkxJson.Text(item, "side"), Price: OkxJson.RequiredDecimal(item, "px"), Size: OkxJson.RequiredDecimal(item, "sz"), Id: OkxJson.Text(item, "tradeId"), Time: OkxJson.RequiredTime(item, "ts")))
            .Value.ShouldHaveSingleItem();
        trade.Side.ShouldBe("sell");
        trade.Price.ShouldBe(73239.3m);
        trade.Size.ShouldBe(0.0009478m);
        trade.Id.ShouldBe("497859870");
        trade.Time.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1710327658374));
    }

    [Fact]
    public void ServerTimeIsUnixMilliseconds()
    {
        var time = OkxResponseParser.ParseFirst(Read("get-public-time.json"), 200, OkxServerTime.FromJson).Value;
        time.Time.ShouldBe(new DateTimeOffset(2024, 4, 4, 17, 5, 48, 676, TimeSpan.Zero));
    }

    [Fact]
    public void OrderDetailsReadAFilledSpotMarketOrder()
    {
        var order = OkxResponseParser.ParseFirst(Read("get-trade-order.json"), 200, OkxOrder.FromJson).Value;
        order.InstrumentId.ShouldBe("LTC-USDT");
        order.InstrumentType.ShouldBe("SPOT");
        order.OrderType.ShouldBe("market");
        order.Side.ShouldBe("buy");
        order.State.ShouldBe("filled");
        order.IsOpen.ShouldBeFalse();
        order.Size.ShouldBe(0.1m);
        order.TargetCurrency.ShouldBe("base_ccy");
        order.FilledSize.ShouldBe(0.1m);
        order.AveragePrice.ShouldBe(101.58m);
        order.Price.ShouldBeNull();
        order.Leverage.ShouldBeNull();
        order.Fee.ShouldBe(-0.0001m);
        order.FeeCurrency.ShouldBe("LTC");
        order.ReduceOnly.ShouldBeFalse();
        order.LinkedAlgoId.ShouldBeNull();
        order.OrderId.ShouldBe("1339107111507525632");
        order.CreatedTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1712410901848));
    }

    [Fact]
    public void PendingOrdersReadALivePostOnlyOrder()
    {
        var order = OkxResponseParser.ParseList(Read("get-trade-orders-pending.json"), 200, OkxOrder.FromJson).Value.ShouldHaveSingleItem();
        order.InstrumentId.ShouldBe("ADA-USDT-SWAP");
        order.OrderType.ShouldBe("post_only");
        order.Side.ShouldBe("buy");
        order.PositionSide.ShouldBe("long");
        order.Price.ShouldBe(0.2m);
        order.Size.ShouldBe(50m);
        order.State.ShouldBe("live");
        order.IsOpen.ShouldBeTrue();
        order.FilledSize.ShouldBe(0m);
        order.AveragePrice.ShouldBeNull();
        order.OrderId.ShouldBe("645348448086081536");
    }

    [Fact]
    public void RejectedPlacementCarriesTheItemCode()
    {
        var text = Read("place-order-rejected.json");
        var result = OkxResponseParser.ParseAction(text, 200);
        result.IsSuccess.ShouldBeFalse();
        result.Error!.Code.ShouldBe("54109");
        result.Error.Kind.ShouldBe(OkxErrorKind.Rejected);
        result.Error.Message.ShouldStartWith("You haven't activated trading for this pair.");
        var item = OkxResponseParser.ParseActions(text, 200).Value.ShouldHaveSingleItem();
        item.OrderId.ShouldBeNull();
        item.ClientOrderId.ShouldBe("Ousdcnotactive1");
        item.IsSuccess.ShouldBeFalse();
        OkxResponseParser.ReadError(text, 200)!.Code.ShouldBe("54109");
    }

    [Fact]
    public void AcceptedPlacementKeepsTheLongOrderIdAsText()
    {
        var result = OkxResponseParser.ParseAction(Read("post-trade-order.json"), 200).Value;
        result.OrderId.ShouldBe("2896576259728695296");
        result.ClientOrderId.ShouldBe("6b9ad766b55dBCDE63969a1144bfb943");
        result.Code.ShouldBe("0");
        result.Message.ShouldBe("Order placed");
        result.Time.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1758827099512));
    }

    [Fact]
    public void AmendBodyMatchesTheRecordedBytes()
    {
        var body = new OkxAmendOrderRequest { InstrumentId = "BTC-USDT", OrderId = "617122719557050368", NewSize = 0.05m, NewPrice = 55m }.ToJson();
        body.ShouldBe(Read("post-trade-amend-order-request.json"));
    }

    [Fact]
    public void CancelBodyMatchesTheRecordedBytes()
    {
        new OkxCancelOrderRequest("BTC-USDT-SWAP", "642666885133189120").ToJson().ShouldBe(Read("post-trade-cancel-order-request.json"));
    }

    [Fact]
    public void PlaceBodyCarriesTheDocumentedFields()
    {
        var body = new OkxPlaceOrderRequest
        {
            InstrumentId = "BTC-USDT",
            TradeMode = "cash",
            ClientOrderId = "b15",
            Side = "buy",
            OrderType = "limit",
            Price = 2.15m,
            Size = 2m,
        }.ToJson();
        JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(Read("post-trade-order-request.json"))).ShouldBeTrue(body);
    }

    [Fact]
    public void MarketOrderWithAttachedStopMatchesTheRecordedBatchItem()
    {
        var recorded = JsonNode.Parse(Read("post-trade-batch-orders-request.json"))!.AsArray().ShouldHaveSingleItem();
        var body = new OkxPlaceOrderRequest
        {
            InstrumentId = "BTC-USDT-SWAP",
            Side = "buy",
            OrderType = "market",
            Size = 0.1m,
            TradeMode = "cross",
            ClientOrderId = "6b9ad766b55dBCDE63969a1144bfb943",
            Tag = "6b9ad766b55dBCDE",
            AttachedAlgoOrders = [new OkxAttachAlgoRequest { StopLossTriggerPrice = 100333m, StopLossTriggerPriceType = "last" }],
        }.ToJson();
        JsonNode.DeepEquals(JsonNode.Parse(body), recorded).ShouldBeTrue(body);
    }

    private static string Read(string name) =>
        File.ReadAllText(Path.Combine(SharedData.RequireFolder("okx/fixtures"), "rest", name));
}
