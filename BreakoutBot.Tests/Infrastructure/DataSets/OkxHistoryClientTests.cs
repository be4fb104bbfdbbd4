using System.Net;
using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.MarketData;
using BreakoutBot.Infrastructure.Exchanges.Okx.Models;
using BreakoutBot.Infrastructure.Exchanges.Okx.Rest;
using BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Rest;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.DataSets;

public class OkxHistoryClientTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AskingForAWindowSendsBothCursorsAndKeepsOnlyClosedBarsInsideItOldestFirst()
    {
        var handler = new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok($"""
            [["{Ms(Start.AddMinutes(10))}","3","3","3","3","100","1","3","0"],
             ["{Ms(Start.AddMinutes(5))}","2","2","2","2","100","1","2","1"],
             ["{Ms(Start)}","1","1","1","1","100","1","1","1"],
             ["{Ms(Start.AddMinutes(-5))}","9","9","9","9","100","1","9","1"]]
            """));
        using var client = Client(handler);

        var bars = await client.GetBarsAsync("BTC-USDT-SWAP", Start, 3, Ct);

        bars.Value.Select(c => c.Close).ShouldBe([1m, 2m], "the forming bar and the bar before the window are left out");
        bars.Value[0].Volume.ShouldBe(1m, "a swap's volume is its coin volume (volCcy)");
        var sent = handler.Requests.ShouldHaveSingleItem().PathAndQuery;
        sent.ShouldBe($"/api/v5/market/history-candles?instId=BTC-USDT-SWAP&bar=5m&after={Ms(Start.AddMinutes(15))}&before={Ms(Start) - 1}&limit=3");
    }

    [Theory]
    [InlineData("""[["1769904000000","abc","1","1","1","1","1","1","1"]]""", "candle.o")]
    [InlineData("""[["1769904000000","1","1","1"]]""", "at least 5")]
    [InlineData("""[["1769904000000","1","0.5","1","1","1","1","1","1"]]""", "low 1 is above high 0.5")]
    public async Task AMalformedCandleReplyIsAnErrorNamingTheField(string data, string named)
    {
        using var client = Client(new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok(data)));

        var bars = await client.GetBarsAsync("BTC-USDT-SWAP", Start, 100, Ct);

        bars.Error!.Kind.ShouldBe(OkxErrorKind.InvalidResponse);
        bars.Error.Message.ShouldContain(named);
    }

    [Theory]
    [InlineData("""[{"instId":"BTC-USDT-SWAP","fundingTime":"1769904000000"}]""", "'fundingRate'")]
    [InlineData("""[{"instId":"BTC-USDT-SWAP","fundingRate":"0.0001","fundingTime":"soon"}]""", "'fundingTime'")]
    [InlineData("""[{"fundingRate":"0.0001","fundingTime":"1769904000000"}]""", "'instId'")]
    public async Task AMalformedFundingReplyIsAnErrorNamingTheField(string data, string named)
    {
        using var client = Client(new ScriptedHttpHandler(_ => ScriptedHttpHandler.Ok(data)));

        var rates = await client.GetFundingRatesAsync("BTC-USDT-SWAP", Start, Start.AddDays(1), Ct);

        rates.Error!.Kind.ShouldBe(OkxErrorKind.InvalidResponse);
        rates.Error.Message.ShouldContain(named);
    }

    [Fact]
    public async Task FundingRatesArePagedBackUntilTheRangeStartAndReturnedOldestFirst()
    {
        // Settlements every 8 h; each page holds two, newest first, older than the "after" cursor.
        var all = Enumerable.Range(0, 9).Select(i => Start.AddHours(-16 + (8 * i))).ToList();
        var handler = new ScriptedHttpHandler(request =>
        {
            var after = long.Parse(request.PathAndQuery.Split("after=")[1].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture);
            var page = all.Where(t => Ms(t) < after).OrderDescending().Take(2)
                .Select(t => $$"""{"instId":"BTC-USDT-SWAP","fundingRate":"0.0001","realizedRate":"0.0001","fundingTime":"{{Ms(t)}}"}""");
            return ScriptedHttpHandler.Ok("[" + string.Join(',', page) + "]");
        });
        using var client = Client(handler);

        var rates = await client.GetFundingRatesAsync("BTC-USDT-SWAP", Start, Start.AddDays(1), Ct);

        rates.Value.Select(r => r.FundingTime).ShouldBe([Start, Start.AddHours(8), Start.AddHours(16), Start.AddHours(24)]);
        handler.Requests.Count.ShouldBe(3, "the page reaching before the range start is the last");
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static OkxHistoryClient Client(ScriptedHttpHandler handler) =>
        new(new OkxRestClient(
            new HttpClient(handler),
            new OkxOptions { RestBaseUrl = new Uri("https://okx.test"), RetryBaseDelay = TimeSpan.Zero },
            TimeProvider.System,
            NullLogger<OkxRestClient>.Instance));
}
