using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Models;

public sealed class OkxResponseParserTests
{
    [Fact]
    public void NotFoundPageWithNumericCodeIsAnInvalidRequest()
    {
        const string body = """{"code":404,"data":{},"detailMsg":"","error_code":"404","error_message":"Not Found","msg":"Not Found"}""";
        var error = OkxResponseParser.ReadError(body, 404).ShouldNotBeNull();
        error.Code.ShouldBe("404");
        error.Message.ShouldBe("Not Found");
        error.Kind.ShouldBe(OkxErrorKind.InvalidRequest);
        error.HttpStatus.ShouldBe(404);
    }

    [Fact]
    public void ErrorBodyWithoutDataIsStillAnError()
    {
        var result = OkxResponseParser.ParseList("""{"msg":"Timestamp request expired","code":"50102"}""", 401, OkxServerTime.FromJson);
        result.IsSuccess.ShouldBeFalse();
        result.Error!.Kind.ShouldBe(OkxErrorKind.ClockSkew);
    }

    [Fact]
    public void PartialBatchSuccessKeepsEachItemsResult()
    {
        const string body = """
            {"code":"2","msg":"","data":[
              {"algoId":"1","sCode":"0","sMsg":""},
              {"algoId":"2","sCode":"51603","sMsg":"Order does not exist"}]}
            """;
        var items = OkxResponseParser.ParseActions(body, 200).Value;
        items[0].IsSuccess.ShouldBeTrue();
        items[1].ToError()!.Kind.ShouldBe(OkxErrorKind.NotFound);
    }

    [Fact]
    public void SingleActionFailsWithTheItemCodeEvenUnderCodeZero()
    {
        const string body = """{"code":"0","msg":"","data":[{"ordId":"","clOrdId":"x1","sCode":"51016","sMsg":"Duplicated clOrdId"}]}""";
        var error = OkxResponseParser.ParseAction(body, 200).Error.ShouldNotBeNull();
        error.Kind.ShouldBe(OkxErrorKind.DuplicateClientOrderId);
        error.Message.ShouldBe("Duplicated clOrdId");
    }

    [Fact]
    public void GatewayErrorPageIsBusyNotACrash()
    {
        var error = OkxResponseParser.ReadError("<html>502 Bad Gateway</html>", 502).ShouldNotBeNull();
        error.Kind.ShouldBe(OkxErrorKind.ExchangeBusy);
        error.Message.ShouldContain("502");
    }

    [Fact]
    public void UnreadableNumberIsAnInvalidResponseNamingTheField()
    {
        const string body = """{"code":"0","msg":"","data":[{"instId":"X-USDT","instType":"SPOT","tickSz":"abc","lotSz":"1","minSz":"1","state":"live"}]}""";
        var error = OkxResponseParser.ParseList(body, 200, OkxInstrument.FromJson).Error.ShouldNotBeNull();
        error.Kind.ShouldBe(OkxErrorKind.InvalidResponse);
        error.Message.ShouldContain("tickSz");
    }

    [Fact]
    public void SuccessWithoutItemsIsAnErrorForSingleValues()
    {
        OkxResponseParser.ParseFirst("""{"code":"0","msg":"","data":[]}""", 200, OkxServerTime.FromJson).Error!.Kind.ShouldBe(OkxErrorKind.InvalidResponse);
        OkxResponseParser.ParseList("""{"code":"0","msg":"","data":[]}""", 200, OkxServerTime.FromJson).Value.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("50011", OkxErrorKind.RateLimited, ExchangeErrorCode.RateLimited)]
    [InlineData("50040", OkxErrorKind.RateLimited, ExchangeErrorCode.RateLimited)]
    [InlineData("50061", OkxErrorKind.RateLimited, ExchangeErrorCode.RateLimited)]
    [InlineData("50001", OkxErrorKind.ExchangeBusy, ExchangeErrorCode.ExchangeBusy)]
    [InlineData("50013", OkxErrorKind.ExchangeBusy, ExchangeErrorCode.ExchangeBusy)]
    [InlineData("50026", OkxErrorKind.ExchangeBusy, ExchangeErrorCode.ExchangeBusy)]
    [InlineData("50004", OkxErrorKind.OutcomeUnknown, ExchangeErrorCode.Timeout)]
    [InlineData("51054", OkxErrorKind.OutcomeUnknown, ExchangeErrorCode.Timeout)]
    [InlineData("51149", OkxErrorKind.OutcomeUnknown, ExchangeErrorCode.Timeout)]
    [InlineData("50101", OkxErrorKind.Unauthorized, ExchangeErrorCode.Unauthorized)]
    [InlineData("50113", OkxErrorKind.Unauthorized, ExchangeErrorCode.Unauthorized)]
    [InlineData("50120", OkxErrorKind.Unauthorized, ExchangeErrorCode.Unauthorized)]
    [InlineData("50102", OkxErrorKind.ClockSkew, ExchangeErrorCode.Unauthorized)]
    [InlineData("50036", OkxErrorKind.ClockSkew, ExchangeErrorCode.Unauthorized)]
    [InlineData("50037", OkxErrorKind.Expired, ExchangeErrorCode.ExchangeBusy)]
    [InlineData("51001", OkxErrorKind.UnknownInstrument, ExchangeErrorCode.UnknownInstrument)]
    [InlineData("51008", OkxErrorKind.InsufficientMargin, ExchangeErrorCode.InsufficientMargin)]
    [InlineData("51008_1002", OkxErrorKind.InsufficientMargin, ExchangeErrorCode.InsufficientMargin)]
    [InlineData("51020", OkxErrorKind.BelowMinimumSize, ExchangeErrorCode.BelowMinimumSize)]
    [InlineData("51120", OkxErrorKind.BelowMinimumSize, ExchangeErrorCode.BelowMinimumSize)]
    [InlineData("50122", OkxErrorKind.BelowMinimumSize, ExchangeErrorCode.BelowMinimumSize)]
    [InlineData("51016", OkxErrorKind.DuplicateClientOrderId, ExchangeErrorCode.Rejected)]
    [InlineData("50071", OkxErrorKind.DuplicateClientOrderId, ExchangeErrorCode.Rejected)]
    [InlineData("51065", OkxErrorKind.DuplicateClientOrderId, ExchangeErrorCode.Rejected)]
    [InlineData("51169", OkxErrorKind.ReduceOnlyConflict, ExchangeErrorCode.ReduceOnlyWouldIncrease)]
    [InlineData("51603", OkxErrorKind.NotFound, ExchangeErrorCode.OrderNotFound)]
    [InlineData("51400", OkxErrorKind.NotFound, ExchangeErrorCode.OrderNotFound)]
    [InlineData("51000", OkxErrorKind.InvalidRequest, ExchangeErrorCode.InvalidRequest)]
    [InlineData("54109", OkxErrorKind.Rejected, ExchangeErrorCode.Rejected)]
    public void CodesMapToKindsAndEngineCodes(string code, OkxErrorKind kind, ExchangeErrorCode engineCode)
    {
        OkxErrorMap.Classify(code).ShouldBe(kind);
        OkxErrorMap.ToExchangeErrorCode(code).ShouldBe(engineCode);
    }

    [Theory]
    [InlineData(429, OkxErrorKind.RateLimited)]
    [InlineData(503, OkxErrorKind.ExchangeBusy)]
    [InlineData(401, OkxErrorKind.Unauthorized)]
    [InlineData(400, OkxErrorKind.Rejected)]
    public void UnknownCodesFallBackToTheHttpStatus(int status, OkxErrorKind kind)
    {
        OkxErrorMap.Classify("99999", status).ShouldBe(kind);
    }
}
