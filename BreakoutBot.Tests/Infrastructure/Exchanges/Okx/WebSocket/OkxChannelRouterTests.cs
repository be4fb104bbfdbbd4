using BreakoutBot.Infrastructure.Exchanges.Okx;
using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.WebSocket;

public sealed class OkxChannelRouterTests
{
    [Theory]
    [InlineData("candle1m", OkxWebSocketEndpoint.Business, false)]
    [InlineData("candle1H", OkxWebSocketEndpoint.Business, false)]
    [InlineData("candle1Dutc", OkxWebSocketEndpoint.Business, false)]
    [InlineData("mark-price-candle5m", OkxWebSocketEndpoint.Business, false)]
    [InlineData("orders-algo", OkxWebSocketEndpoint.Business, true)]
    [InlineData("orders", OkxWebSocketEndpoint.Private, true)]
    [InlineData("positions", OkxWebSocketEndpoint.Private, true)]
    [InlineData("account", OkxWebSocketEndpoint.Private, true)]
    [InlineData("fills", OkxWebSocketEndpoint.Private, true)]
    [InlineData("tickers", OkxWebSocketEndpoint.Public, false)]
    [InlineData("books5", OkxWebSocketEndpoint.Public, false)]
    [InlineData("books", OkxWebSocketEndpoint.Public, false)]
    [InlineData("mark-price", OkxWebSocketEndpoint.Public, false)]
    public void RoutesEachChannelToItsDocumentedPath(string channel, OkxWebSocketEndpoint endpoint, bool login)
    {
        OkxChannelRouter.EndpointOf(channel).ShouldBe(endpoint);
        OkxChannelRouter.RequiresLogin(channel).ShouldBe(login);
    }

    [Fact]
    public void BuildsLiveAndDemoUrlsFromTheConfiguredHosts()
    {
        var options = new OkxOptions();

        OkxChannelRouter.BuildUrl(options, OkxWebSocketEndpoint.Public, demo: false).ShouldBe(new Uri("wss://ws.okx.com:8443/ws/v5/public"));
        OkxChannelRouter.BuildUrl(options, OkxWebSocketEndpoint.Business, demo: true).ShouldBe(new Uri("wss://wspap.okx.com:8443/ws/v5/business"));
        OkxChannelRouter.BuildUrl(options, OkxWebSocketEndpoint.Private, demo: false).ShouldBe(new Uri("wss://ws.okx.com:8443/ws/v5/private"));
    }

    [Fact]
    public void KeepsAPathAndQueryOfTheBaseUrl()
    {
        var options = new OkxOptions { WsDemoBaseUrl = new Uri("wss://wspap.okx.com:8443/proxy/?brokerId=9999") };

        OkxChannelRouter.BuildUrl(options, OkxWebSocketEndpoint.Private, demo: true).ShouldBe(new Uri("wss://wspap.okx.com:8443/proxy/ws/v5/private?brokerId=9999"));
    }
}
