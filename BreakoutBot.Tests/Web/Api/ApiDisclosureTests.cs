using System.Net;
using System.Text.Json;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Api;

/// <summary>
/// What a refusal tells a Trader about another Trader's engine: nothing beyond the id they sent. The engine's name is
/// its owner's to read (as on the pages and the live-event hub), so neither a 403 nor a 409 carries it.
/// </summary>
public sealed class ApiDisclosureTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private const string HiddenName = "Owner's hidden strategy";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/status")]
    [InlineData("GET", "/equity")]
    [InlineData("POST", "/commands/start")]
    [InlineData("POST", "/commands/emergency-stop")]
    [InlineData("DELETE", "")]
    public async Task AnotherTradersRefusalNamesTheEngineByItsIdNotItsName(string method, string route)
    {
        var engine = portal.Registry.Create(portal.OwnerId, HiddenName, "breakout_v1", new EngineCreateOptions { Bars = 500, Instruments = 2, WarmupBars = 0 });
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/engines/{engine.Id}{route}");

            using var response = await portal.Client(Caller.OtherTrader).SendAsync(request, Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            var detail = await DetailAsync(response);
            detail.ShouldNotContain("hidden strategy", Case.Insensitive);
            detail.ShouldContain(engine.Id);
            portal.Registry.Get(engine.Id).ShouldNotBeNull().Status.StateName.ShouldBe("idle");
        }
        finally
        {
            portal.Registry.Remove(engine.Id);
        }
    }

    [Fact]
    public async Task DeletingOnesPresetThatAnotherTradersEngineUsesIsRefusedWithoutNamingThatEngine()
    {
        var preset = await portal.NewPresetAsync();
        var own = portal.Registry.Create(portal.OwnerId, "Owner's own engine", preset, new EngineCreateOptions { Bars = 500, Instruments = 2, WarmupBars = 0 });
        var others = portal.Registry.Create(portal.OtherId, HiddenName, preset, new EngineCreateOptions { Bars = 500, Instruments = 2, WarmupBars = 0 });
        try
        {
            using var response = await portal.Client(Caller.OwnerControl).DeleteAsync($"/api/v1/presets/{preset}", Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var detail = await DetailAsync(response);
            detail.ShouldNotContain("hidden strategy", Case.Insensitive);
            detail.ShouldNotContain(others.Id);
            detail.ShouldContain("Owner's own engine");
            detail.ShouldContain("an engine of another user");
            (await portal.Factory.Services.GetRequiredService<IPresetStore>().GetLatestAsync(preset, Ct)).ShouldNotBeNull("the preset is still there");
        }
        finally
        {
            portal.Registry.Remove(own.Id);
            portal.Registry.Remove(others.Id);
        }
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return problem.RootElement.GetProperty("detail").GetString() ?? "";
    }
}
