using System.Net;
using System.Text.Json;
using BreakoutBot.Web.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// Times an API client sends are UTC: a time without an offset is read as UTC (not in the server's zone), a time with
/// one is converted to UTC, and only ISO-8601 is accepted, in bodies and in query parameters alike.
/// </summary>
public sealed class ApiTimeTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private JsonSerializerOptions ApiJson =>
        portal.Factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    [Theory]
    [InlineData("2026-01-31T00:00:00", "2026-01-31T00:00:00Z")]
    [InlineData("2026-01-31", "2026-01-31T00:00:00Z")]
    [InlineData("2026-01-31T09:30:00+02:00", "2026-01-31T07:30:00Z")]
    [InlineData("2026-01-31T09:30:00Z", "2026-01-31T09:30:00Z")]
    public void ABodysTimeIsReadInUtc(string sent, string expected)
    {
        var body = JsonSerializer.Deserialize<BacktestApi.DataSetDownloadBody>($$"""{"from":"{{sent}}"}""", ApiJson)!;

        body.From.ShouldNotBeNull();
        body.From.Value.Offset.ShouldBe(TimeSpan.Zero);
        body.From.Value.ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("01/02/2026")]
    [InlineData("31.01.2026")]
    [InlineData("yesterday")]
    public void ABodysTimeInAnotherFormIsRefused(string sent)
    {
        var error = Should.Throw<JsonException>(() => JsonSerializer.Deserialize<BacktestApi.DataSetDownloadBody>($$"""{"to":"{{sent}}"}""", ApiJson));

        error.Message.ShouldContain("ISO-8601");
        error.Path.ShouldBe("$.to");
    }

    [Fact]
    public void TimesAreWrittenAsBefore()
    {
        var json = JsonSerializer.Serialize(new DateTimeOffset(2026, 1, 31, 7, 30, 0, TimeSpan.Zero), ApiJson);

        json.ShouldBe("\"2026-01-31T07:30:00+00:00\"");
    }

    [Fact]
    public async Task AHistoryQueryWithACultureDependentDateIs400NamingTheParameter()
    {
        using var response = await portal.Client(Caller.OwnerRead).GetAsync("/api/v1/history/trades?from=01/02/2026", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync(Ct);
        body.ShouldContain("\"from\"");
        body.ShouldContain("ISO-8601");
    }

    [Theory]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    public async Task AHistoryRangeThatEndsBeforeItStartsIs400NamingToInsteadOfAnEmptyPage(string range)
    {
        using var response = await portal.Client(Caller.OwnerRead).GetAsync("/api/v1/history/trades?" + range, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        problem.RootElement.GetProperty("errors").GetProperty("to")[0].GetString().ShouldStartWith("'to' (2026-01-01T00:00:00Z) must be after 'from'");
    }
}
