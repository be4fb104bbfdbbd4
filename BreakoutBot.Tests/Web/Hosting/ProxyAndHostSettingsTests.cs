using System.Net;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.Web.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace BreakoutBot.Tests.Web.Hosting;

/// <summary>
/// <c>AllowedHosts</c>, <c>WebSecurity:KnownProxies</c> and <c>WebSecurity:RequireHttps</c>: each test starts the portal
/// with its own settings and sends requests from a chosen client address (the test server has none by itself).
/// </summary>
public sealed class ProxyAndHostSettingsTests
{
    private const string Proxy = "10.0.0.5";
    private const string Stranger = "10.0.0.9";

    [Fact]
    public async Task AConfiguredHostIsServedAndAnyOtherRejected()
    {
        await using var portal = AuthPortal.With(("AllowedHosts", "portal.example"));
        var factory = portal.Factory;

        var allowed = await SendAsync(factory, "/history", remote: Stranger, host: "portal.example");
        var foreign = await SendAsync(factory, "/history", remote: Stranger, host: "evil.example");

        allowed.StatusCode.ShouldBe(StatusCodes.Status302Found);
        allowed.Headers.Location.ToString().ShouldStartWith("http://portal.example/Account/Login");
        foreign.StatusCode.ShouldBe(StatusCodes.Status400BadRequest);
        foreign.Headers.Location.ToString().ShouldBeEmpty();
    }

    [Fact]
    public async Task ForwardedProtoIsBelievedFromTheConfiguredProxyOnly()
    {
        await using var portal = AuthPortal.With(("WebSecurity:KnownProxies:0", Proxy));
        var factory = portal.Factory;

        var viaProxy = await SendAsync(factory, "/history", remote: Proxy, forwardedProto: "https");
        var fromStranger = await SendAsync(factory, "/history", remote: Stranger, forwardedProto: "https");

        viaProxy.Headers.Location.ToString().ShouldStartWith("https://localhost/Account/Login");
        fromStranger.Headers.Location.ToString().ShouldStartWith("http://localhost/Account/Login");
    }

    [Fact]
    public async Task WithoutConfiguredProxiesNotEvenLoopbackIsBelieved()
    {
        await using var portal = new AuthPortal();
        var factory = portal.Factory;

        var fromLoopback = await SendAsync(factory, "/history", remote: "127.0.0.1", forwardedProto: "https");

        fromLoopback.Headers.Location.ToString().ShouldStartWith("http://localhost/Account/Login");
    }

    [Fact]
    public async Task RequireHttpsRedirectsPlainHttpAndSendsHstsOverTls()
    {
        await using var portal = AuthPortal.With(
            ("AllowedHosts", "portal.example"),
            ("WebSecurity:RequireHttps", "true"),
            ("WebSecurity:KnownProxies:0", Proxy));
        var factory = portal.Factory;

        var plain = await SendAsync(factory, "/Account/Login", remote: Stranger, host: "portal.example");
        var tls = await SendAsync(factory, "/Account/Login", remote: Proxy, host: "portal.example", forwardedProto: "https");

        plain.StatusCode.ShouldBe(StatusCodes.Status307TemporaryRedirect);
        plain.Headers.Location.ToString().ShouldBe("https://portal.example/Account/Login");
        tls.StatusCode.ShouldBe(StatusCodes.Status200OK);
        tls.Headers.StrictTransportSecurity.ToString().ShouldBe("max-age=31536000");
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    public async Task RequireHttpsAnswersProbesAndTheScraperOverPlainHttp(string path)
    {
        await using var portal = AuthPortal.With(
            ("AllowedHosts", "portal.example"),
            ("WebSecurity:RequireHttps", "true"),
            ("Metrics:AllowedNetworks:0", Stranger + "/32"));
        var factory = portal.Factory;

        var plain = await SendAsync(factory, path, remote: Stranger, host: "portal.example");
        var page = await SendAsync(factory, "/Account/Login", remote: Stranger, host: "portal.example");

        plain.StatusCode.ShouldBeOneOf(StatusCodes.Status200OK, StatusCodes.Status503ServiceUnavailable);
        plain.Headers.Location.ToString().ShouldBeEmpty();
        page.StatusCode.ShouldBe(StatusCodes.Status307TemporaryRedirect);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    public async Task ProbesAndTheScraperAreAnsweredWhateverHostNameTheyCallTheNodeBy(string path)
    {
        // Prometheus scrapes each node by its own name (node-a:8080 in the compose file), a probe by the pod's address:
        // neither is a public host name in AllowedHosts, and both got 400.
        await using var portal = AuthPortal.With(
            ("AllowedHosts", "portal.example"),
            ("Metrics:AllowedNetworks:0", Stranger + "/32"));
        var factory = portal.Factory;

        var probe = await SendAsync(factory, path, remote: Stranger, host: "node-a:8080");
        var page = await SendAsync(factory, "/Account/Login", remote: Stranger, host: "node-a:8080");

        probe.StatusCode.ShouldBeOneOf(StatusCodes.Status200OK, StatusCodes.Status503ServiceUnavailable);
        page.StatusCode.ShouldBe(StatusCodes.Status400BadRequest, "every other path still answers only the allowed host names");
    }

    [Fact]
    public async Task HttpsIsNotForcedByDefault()
    {
        await using var portal = new AuthPortal();
        var factory = portal.Factory;

        var plain = await SendAsync(factory, "/Account/Login", remote: Stranger);

        plain.StatusCode.ShouldBe(StatusCodes.Status200OK);
        plain.Headers.StrictTransportSecurity.ToString().ShouldBeEmpty();
    }

    [Fact]
    public async Task AProxyThatIsNotAnAddressStopsTheStartNamingTheSetting()
    {
        await using var portal = AuthPortal.With(("WebSecurity:KnownProxies:0", "proxy.local"));
        var factory = portal.Factory;

        var error = Should.Throw<Exception>(() => factory.Server);

        error.ToString().ShouldContain("WebSecurity:KnownProxies:0 'proxy.local' is not an IP address");
    }

    private static async Task<HttpResponse> SendAsync(
        BreakoutBotWebFactory factory, string path, string remote, string host = "localhost", string? forwardedProto = null)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Scheme = "http";
            c.Request.Host = new HostString(host);
            c.Request.Path = path;
            c.Request.Headers.Accept = "text/html";
            c.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            if (forwardedProto is not null)
            {
                c.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
            }
        }, TestContext.Current.CancellationToken);
        return context.Response;
    }
}
