using System.Net;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// A path the API does not have is 404 with any method (a POST used to be 405 "does not accept that HTTP method",
/// because a GET-only endpoint of the portal matched every path); a route the API has keeps its 405 for another method.
/// </summary>
public sealed class ApiUnknownRouteTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APostToAMisspelledCommandOrAnUnknownPathIs404()
    {
        var client = portal.Client(Caller.OwnerControl);

        using var misspelled = await client.PostAsync($"/api/v1/engines/{portal.Engine}/commands/EmergencyStop", null, Ct);
        using var unknown = await client.DeleteAsync("/api/v1/nothing-here", Ct);
        using var wrongMethod = await client.PutAsync("/api/v1/history/trades", null, Ct);

        misspelled.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        misspelled.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        misspelled.Content.Headers.Allow.ShouldBeEmpty();
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        wrongMethod.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }
}
