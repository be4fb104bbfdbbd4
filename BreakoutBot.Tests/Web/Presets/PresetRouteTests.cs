using System.Net;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Presets;
using BreakoutBot.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Presets;

public sealed class PresetRouteTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, string Html, Uri? Location)> GetAsync(string path, string? user, params string[] roles)
    {
        using var client = portal.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null)
        {
            client.AsTestUser(user, roles);
        }
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.Location);
    }

    [Theory]
    [InlineData("/presets")]
    [InlineData("/presets/breakout_v1/edit")]
    public async Task AnonymousVisitorsAreSentToTheLogInPage(string path)
    {
        var (status, _, location) = await GetAsync(path, null);

        status.ShouldBe(HttpStatusCode.Redirect);
        location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task AViewerGetsTheSeededPresetListWithoutEditLinks()
    {
        var (status, html, _) = await GetAsync("/presets", "victor", Roles.Viewer);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("data-preset=\"breakout_v1\"");
        html.ShouldNotContain("/presets/breakout_v1/edit");
    }

    [Fact]
    public async Task AViewerCanOpenAPresetButNotItsEditOrClonePage()
    {
        (await GetAsync("/presets/breakout_v1", "victor", Roles.Viewer)).Status.ShouldBe(HttpStatusCode.OK);

        (await GetAsync("/presets/breakout_v1/edit", "victor", Roles.Viewer)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync("/presets/breakout_v1/clone", "victor", Roles.Viewer)).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public void TheEnginesReadPresetsFromTheDatabaseStore()
    {
        var store = portal.Factory.Services.GetRequiredService<PresetStore>();

        portal.Factory.Services.GetRequiredService<IPresetSource>().ShouldBeSameAs(store);
        portal.Factory.Services.GetRequiredService<IPresetStore>().ShouldBeSameAs(store);
    }

    [Fact]
    public async Task AnAdminOpensTheEditFormOfABuiltInPreset()
    {
        var (status, html, _) = await GetAsync("/presets/breakout_v1/edit", "editor-admin", Roles.Admin);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("data-field=\"risk.risk_per_trade\"");
        html.ShouldContain("save-preset");
        // Prerendered, the form is disabled: the circuit loads it again, so typing into this copy would be lost.
        html.ShouldContain("<fieldset class=\"bb-plain-fieldset\" id=\"preset-form\" disabled");
    }

    [Fact]
    public async Task ATraderGetsABuiltInPresetsEditPageReadOnly()
    {
        var (status, html, _) = await GetAsync("/presets/breakout_v1/edit", "editor-trader", Roles.Trader);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("built-in preset; only Admins may change it");
        html.ShouldNotContain("data-field=\"risk.risk_per_trade\"");
        html.ShouldNotContain("save-preset");
    }
}
