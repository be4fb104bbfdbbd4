using System.Globalization;
using System.Net;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>A call the API refuses to a signed-in caller leaves an audit entry, as the same attempt on a page does.</summary>
public sealed class ApiRefusalAuditTests : IAsyncLifetime
{
    private readonly RecordingAuditLog _audit = new();
    private ApiPortal _portal = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _portal = ApiPortal.With(
            new Dictionary<string, string?> { ["Okx:RestBaseUrl"] = "http://127.0.0.1:9/" },
            services => services.AddSingleton<IAuditLog>(_audit));
        await _portal.InitializeAsync();
    }

    public async ValueTask DisposeAsync() => await _portal.DisposeAsync();

    public static TheoryData<Caller, string, string, int, string> Refusals => new()
    {
        // Who, method, path ({engine} / {backtest} of the owner), the status, how the caller signed in.
        { Caller.Viewer, "DELETE", "/api/v1/backtests/{backtest}", 403, "control token" },
        { Caller.Viewer, "POST", "/api/v1/engines", 403, "control token" },
        { Caller.OwnerRead, "POST", "/api/v1/engines/{engine}/commands/pause", 403, "read token" },
        { Caller.OtherTrader, "POST", "/api/v1/backtests/{backtest}/cancel", 404, "control token" },
        { Caller.OtherTrader, "GET", "/api/v1/engines/{engine}/status", 403, "control token" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ARefusedCallIsAuditedWithTheCallerTheRouteAndTheStatus(Caller caller, string method, string pattern, int status, string signedInWith)
    {
        var path = pattern
            .Replace("{engine}", _portal.Engine, StringComparison.Ordinal)
            .Replace("{backtest}", _portal.Backtest.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), path + "?note=not-in-the-audit");
        if (method == "POST")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _portal.Client(caller).SendAsync(request, Ct);

        ((int)response.StatusCode).ShouldBe(status, await response.Content.ReadAsStringAsync(Ct));
        _audit.Entries.ShouldContain(e => e.Action == ApiRefusalAuditMiddleware.Action && e.Target == method + " " + path
            && e.Details == status + "; " + signedInWith && !e.Success && e.UserId != null);
    }

    [Fact]
    public async Task ACallerHammeringARouteIsRecordedOncePerWindowAndAnUnknownPathNotAtAll()
    {
        var client = _portal.Client(Caller.Viewer);
        for (var i = 0; i < 20; i++)
        {
            using var refused = await client.DeleteAsync($"/api/v1/backtests/{_portal.Backtest}", Ct);
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
        using (var unknown = await client.PostAsync("/api/v1/no-such-route/" + new string('x', 3000), null, Ct))
        {
            unknown.StatusCode.ShouldBeOneOf([HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed]);
        }

        var entries = _audit.Entries.Where(e => e.Action == ApiRefusalAuditMiddleware.Action).ToList();
        entries.ShouldHaveSingleItem().Target.ShouldBe($"DELETE /api/v1/backtests/{_portal.Backtest}");
    }

    [Fact]
    public async Task AnAllowedCallAndAnAnonymousOneAreNotAuditedAsRefused()
    {
        using (var allowed = await _portal.Client(Caller.Viewer).GetAsync("/api/v1/engines", Ct))
        {
            allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using (var anonymous = await _portal.Client(Caller.Anonymous).DeleteAsync($"/api/v1/backtests/{_portal.Backtest}", Ct))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        _audit.Entries.ShouldNotContain(e => e.Action == ApiRefusalAuditMiddleware.Action);
    }
}
