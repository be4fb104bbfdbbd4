using System.Net;
using System.Text;
using System.Text.Json;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// What a script author reads when a body is wrong: a field of the wrong type says what the field takes on every
/// route (also the bodies read through a record's constructor, such as an engine's creation), a missing body says the
/// route wants a JSON object, in words meant for the caller; nothing is created. An error is keyed by the field the
/// caller sent (a new preset's <c>name</c>, not <c>preset.name</c>).
/// </summary>
public sealed class ApiRequestBodyTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("""{"name":"x","preset":"breakout_v1","startingBalance":"lots"}""", "startingBalance", "; it takes a number.")]
    [InlineData("""{"name":5,"preset":"breakout_v1"}""", "name", "; it takes a string.")]
    [InlineData("""{"name":"x","preset":"breakout_v1","bars":1000.5}""", "bars", "; it takes a whole number.")]
    [InlineData("""{"name":"x","preset":"breakout_v1","keySetId":"mine"}""", "keySetId", "; it takes an id such as \"3f2504e0-4f89-11d3-9a0c-0305e82c3301\".")]
    public async Task AWronglyTypedFieldOfAnEngineSaysWhatTheFieldTakesAndCreatesNothing(string body, string field, string ending)
    {
        var before = portal.Registry.ListAll().Count;

        using var response = await portal.Client(Caller.OwnerControl).PostAsync("/api/v1/engines", Json(body), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe([field]);
        errors.GetProperty(field)[0].GetString().ShouldEndWith(ending);
        portal.Registry.ListAll().Count.ShouldBe(before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task AMissingBodyIs400SayingTheRouteTakesAJsonObject(string body)
    {
        using var response = await portal.Client(Caller.OwnerControl).PostAsync("/api/v1/engines", Json(body), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = (await ProblemAsync(response)).GetProperty("errors").GetProperty("body")[0].GetString();
        message.ShouldStartWith("This request takes a JSON object as its body");
        message.ShouldNotContain("inferred");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"name\":\"x\",\"preset\":\"breakout_v1\"}]")]
    [InlineData("\"breakout_v1\"")]
    [InlineData("5")]
    public async Task WellFormedJsonThatIsNotAnObjectIs400SayingTheRouteTakesAJsonObjectNotThatItIsMalformed(string body)
    {
        var before = portal.Registry.ListAll().Count;

        using var response = await portal.Client(Caller.OwnerControl).PostAsync("/api/v1/engines", Json(body), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["body"]);
        var message = errors.GetProperty("body")[0].GetString();
        message.ShouldStartWith("This request takes a JSON object as its body");
        message.ShouldNotContain("not valid JSON");
        portal.Registry.ListAll().Count.ShouldBe(before);
    }

    [Fact]
    public async Task AnOutOfRangeNumberOfAnEngineIsWordedWithTheFieldAsTheApiSpellsIt()
    {
        using var response = await portal.Client(Caller.OwnerControl).PostAsync("/api/v1/engines",
            Json("""{"name":"x","preset":"breakout_v1","bars":10,"startingBalance":5}"""), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        errors.GetProperty("bars")[0].GetString().ShouldBe("The field bars must be between 500 and 500000.");
        errors.GetProperty("startingBalance")[0].GetString()!.ShouldStartWith("The field startingBalance must be between 100 and ");
    }

    [Theory]
    [InlineData("""{"name": "x", "bars": 1""")]
    [InlineData("""{"name": "x", "preset": "breakout_v""")]
    [InlineData("""{"name": "x",""")]
    public async Task ATruncatedBodyIsReportedAsIncompleteJsonWithItsPosition(string body)
    {
        using var response = await portal.Client(Caller.OwnerControl).PostAsync("/api/v1/engines", Json(body), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["body"]);
        var message = errors.GetProperty("body")[0].GetString();
        message.ShouldStartWith("The request body is not valid JSON: it is incomplete or malformed at line 1, byte ");
        message.ShouldNotContain("wrong type");
    }

    [Fact]
    public async Task ANumberTooLargeForAPresetFieldIsOutOfRangeNamingItsPath()
    {
        var client = portal.Client(Caller.OwnerControl);
        using var current = await client.GetAsync($"/api/v1/presets/{ApiPortal.OwnerPreset}", Ct);
        var preset = (await ProblemAsync(current)).GetProperty("preset").GetRawText();
        var edited = System.Text.RegularExpressions.Regex.Replace(preset, "\"risk_per_trade\":\\s*[^,}]+", "\"risk_per_trade\": 1e400");
        edited.ShouldContain("1e400");

        using var response = await client.PutAsync($"/api/v1/presets/{ApiPortal.OwnerPreset}", Json($$"""{"preset":{{edited}}}"""), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = (await ProblemAsync(response)).GetProperty("errors").GetProperty("preset.risk.risk_per_trade")[0].GetString();
        message.ShouldStartWith("risk.risk_per_trade is out of range for this field");
        message.ShouldNotContain("E+308");
    }

    [Fact]
    public async Task ANewPresetsInvalidNameIsKeyedByTheRequestsNameField()
    {
        using var response = await portal.Client(Caller.OwnerControl).PostAsync("/api/v1/presets", Json("""{"name":"../etc","from":"breakout_v1"}"""), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemAsync(response)).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["name"]);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}
