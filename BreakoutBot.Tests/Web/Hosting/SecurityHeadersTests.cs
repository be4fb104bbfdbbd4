using System.Net;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.Web.Auth;

namespace BreakoutBot.Tests.Web.Hosting;

/// <summary>Browser security headers on pages, the Hangfire dashboard and CSV downloads, with the default settings.</summary>
public sealed class SecurityHeadersTests(AuthPortal portal) : IClassFixture<AuthPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APageForbidsInlineScriptsFramingAndSniffing()
    {
        using var response = await portal.Client().GetAsync(new Uri("/Account/Login", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var csp = Header(response, "Content-Security-Policy");
        csp.ShouldContain("script-src 'self';");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("connect-src 'self' ws: wss:");
        csp.ShouldContain("object-src 'none'");
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "X-Frame-Options").ShouldBe("DENY");
        Header(response, "Referrer-Policy").ShouldBe("strict-origin-when-cross-origin");
    }

    [Fact]
    public async Task ThePageHasNoInlineScriptThePolicyWouldBlock()
    {
        using var response = await portal.Client().GetAsync(new Uri("/Account/Login", UriKind.Relative), Ct);

        var html = await response.Content.ReadAsStringAsync(Ct);
        System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\ssrc=)[^>]*>").ShouldBeEmpty();
    }

    [Fact]
    public async Task TheHangfireDashboardCannotBeFramed()
    {
        using var response = await portal.Client().AsTestUser("root", Roles.Admin).GetAsync(new Uri("/hangfire", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("BreakoutBot jobs");
        Header(response, "X-Frame-Options").ShouldBe("DENY");
        Header(response, "Content-Security-Policy").ShouldContain("frame-ancestors 'none'");
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
    }

    [Fact]
    public async Task ACsvExportIsNotStoredByTheBrowserOrProxies()
    {
        using var response = await portal.Client().AsTestUser("root", Roles.Admin).GetAsync(new Uri("/history/export?kind=trades", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("text/csv");
        response.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task AnOrdinaryPageIsNotMarkedNoStoreByTheExportRule()
    {
        // Not /health: health answers are no-store on purpose (a cached "healthy" would hide a dead process).
        using var response = await portal.Client().GetAsync(new Uri("/app.css", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (response.Headers.CacheControl?.NoStore ?? false).ShouldBeFalse();
    }

    [Fact]
    public async Task TheDefaultAllowedHostsRejectAForeignHostInsteadOfRedirectingToIt()
    {
        using var client = portal.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/history", UriKind.Relative));
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : string.Empty;
}
