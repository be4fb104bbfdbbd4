using System.Net;
using System.Text.Json;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// An unknown <c>state</c> filter of the history routes is a 400 under <c>errors.state</c> in words for the caller:
/// no .NET parameter name ("(Parameter 'value')"), and the states listed as the API writes them.
/// </summary>
public sealed class ApiHistoryQueryTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("orders", "State 'bogus' is not an order status; use one of: New, PartiallyFilled, Filled, Cancelled, Rejected.")]
    [InlineData("transitions", "State 'bogus' is not an engine state; use one of: idle, initializing, scanning, level_building,")]
    public async Task AnUnknownStateIs400NamingTheStatesTheApiWrites(string route, string start)
    {
        using var response = await portal.Client(Caller.OwnerRead).GetAsync($"/api/v1/history/{route}?state=bogus", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors").GetProperty("state")[0].GetString();
        message.ShouldStartWith(start);
        message.ShouldNotContain("Parameter");
    }
}
