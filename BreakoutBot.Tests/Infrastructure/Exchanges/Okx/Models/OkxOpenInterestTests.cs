using BreakoutBot.Domain.Markets;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Models;

/// <summary><c>GET /api/v5/public/open-interest</c>, read from payloads of the documented shape (oi, oiCcy, oiUsd, ts).</summary>
public sealed class OkxOpenInterestTests
{
    private const string TwoSwaps = """
        [{"instType":"SWAP","instId":"BTC-USDT-SWAP","oi":"2864571.79","oiCcy":"28645.7179","oiUsd":"1916063617.4","ts":"1772445600123"},
         {"instType":"SWAP","instId":"DOGE-USDT-SWAP","oi":"1250","oiCcy":"1250000","oiUsd":"125000","ts":"1772445600123","newField":"x"}]
        """;

    [Fact]
    public void ReadsEverySwapOfTheReplyWithItsUsdFigureAndTime()
    {
        var rows = OkxResponseParser.ParseList(Envelope(TwoSwaps), 200, OkxOpenInterest.FromJson);

        rows.IsSuccess.ShouldBeTrue();
        rows.Value.Count.ShouldBe(2);
        rows.Value[0].ShouldBe(new OkxOpenInterest
        {
            InstrumentId = "BTC-USDT-SWAP",
            InstrumentType = "SWAP",
            Contracts = 2_864_571.79m,
            Coins = 28_645.7179m,
            Usd = 1_916_063_617.4m,
            Time = DateTimeOffset.FromUnixTimeMilliseconds(1_772_445_600_123),
        });
        rows.Value[1].Usd.ShouldBe(125_000m);
    }

    [Theory]
    [InlineData("""{"instType":"SWAP","instId":"BTC-USDT-SWAP","oi":"1","oiCcy":"0.01","oiUsd":"12x","ts":"1772445600123"}""", "'oiUsd' is not a number")]
    [InlineData("""{"instType":"SWAP","instId":"BTC-USDT-SWAP","oi":"1","oiCcy":"0.01","oiUsd":"","ts":"1772445600123"}""", "'oiUsd' is required")]
    [InlineData("""{"instType":"SWAP","instId":"BTC-USDT-SWAP","oi":"-1","oiCcy":"0.01","oiUsd":"700","ts":"1772445600123"}""", "'oi' cannot be negative")]
    [InlineData("""{"instType":"SWAP","instId":"BTC-USDT-SWAP","oi":"1","oiCcy":"0.01","oiUsd":"700"}""", "'ts' is required")]
    [InlineData("""{"instType":"SWAP","oi":"1","oiCcy":"0.01","oiUsd":"700","ts":"1772445600123"}""", "'instId' is required")]
    public void AMalformedRowMakesTheWholeReplyAnErrorNamingTheField(string row, string expected)
    {
        var rows = OkxResponseParser.ParseList(Envelope("[" + row + "]"), 200, OkxOpenInterest.FromJson);

        rows.IsSuccess.ShouldBeFalse();
        rows.Error!.Kind.ShouldBe(OkxErrorKind.InvalidResponse);
        rows.Error.Message.ShouldContain(expected);
    }

    [Fact]
    public async Task TheClientAsksOnceForEverySwapAndReportsAMalformedReplyAsAnError()
    {
        var replies = new Queue<string>([TwoSwaps, """[{"instType":"SWAP","instId":"BTC-USDT-SWAP","oi":"1","oiUsd":"NaN?","ts":"1772445600123"}]"""]);
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok(replies.Dequeue()));
        using var http = new HttpClient(handler);
        using var client = new OkxRestClient(http, new OkxOptions { RestBaseUrl = new Uri("https://okx.test"), MaxRetries = 0 },
            new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_772_445_600_000)), NullLogger<OkxRestClient>.Instance);

        var all = await client.GetOpenInterestAsync(InstrumentKind.Swap, null, TestContext.Current.CancellationToken);
        var malformed = await client.GetOpenInterestAsync(InstrumentKind.Swap, "BTC-USDT-SWAP", TestContext.Current.CancellationToken);

        all.Value.Select(r => r.InstrumentId).ShouldBe(["BTC-USDT-SWAP", "DOGE-USDT-SWAP"]);
        handler.Requests.First().PathAndQuery.ShouldBe("/api/v5/public/open-interest?instType=SWAP");
        handler.Requests.Last().PathAndQuery.ShouldBe("/api/v5/public/open-interest?instType=SWAP&instId=BTC-USDT-SWAP");
        malformed.IsSuccess.ShouldBeFalse();
        malformed.Error!.Message.ShouldContain("'oiUsd' is not a number");
        Should.Throw<ArgumentOutOfRangeException>(() => client.GetOpenInterestAsync(InstrumentKind.Spot, null, TestContext.Current.CancellationToken));
    }

    private static string Envelope(string data) => $$"""{"code":"0","msg":"","data":{{data}}}""";
}
