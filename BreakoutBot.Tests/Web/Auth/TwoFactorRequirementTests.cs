using System.Net;
using System.Text.RegularExpressions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Web.Auth;

/// <summary>
/// <c>TwoFactor:RequiredFor</c> (here: Trader): a Trader without two-factor log-in reaches only the set-up page until it is
/// on (pages redirect there, the API with the cookie is 403), and cannot turn it off; a Viewer is not affected.
/// </summary>
public sealed partial class TwoFactorRequirementTests : IAsyncLifetime
{
    private const string Password = "Tr4derPassword";
    private readonly AuthPortal _portal = AuthPortal.With(("TwoFactor:RequiredFor:0", Roles.Trader));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _portal.DisposeAsync();

    [Fact]
    public async Task ATraderWithoutItIsSentToTheSetUpPageUntilItIsOnAndCannotTurnItOff()
    {
        await _portal.CreateUserAsync("mustuse@test.local", Password, Roles.Trader);
        using var trader = _portal.Client();
        using (var logIn = await AuthPortal.LogInAsync(trader, "mustuse@test.local", Password))
        {
            logIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, "the password alone logs in: the user must be able to reach the set-up page");
        }

        foreach (var page in new[] { "/", "/engines", "/presets" })
        {
            using var redirected = await trader.GetAsync(new Uri(page, UriKind.Relative), Ct);
            redirected.StatusCode.ShouldBe(HttpStatusCode.Redirect, page);
            AuthPortal.RedirectTarget(redirected).ShouldBe("/Account/TwoFactor", page);
        }
        using (var api = await trader.GetAsync(new Uri("/api/v1/engines", UriKind.Relative), Ct))
        {
            api.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await api.Content.ReadAsStringAsync(Ct)).ShouldContain("Your role requires two-factor log-in: turn it on at /Account/TwoFactor, then try again.");
        }
        var setUp = await TextAsync(trader, "/Account/TwoFactor");
        setUp.ShouldContain("Your role requires two-factor log-in: turn it on below to use the portal.");

        var key = Regex.Match(setUp, "<code id=\"two-factor-key\">(?<k>[^<]+)</code>").Groups["k"].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var token = await AuthPortal.AntiforgeryTokenAsync(trader, "/Account/TwoFactor");
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "two-factor-on",
            ["__RequestVerificationToken"] = token,
            ["On.Code"] = AuthenticatorCodes.Code(AuthenticatorCodes.Base32(key), DateTimeOffset.UtcNow.ToUnixTimeSeconds() / AuthenticatorCodes.StepSeconds),
        }))
        using (var on = await trader.PostAsync(new Uri("/Account/TwoFactor", UriKind.Relative), form, Ct))
        {
            (await AuthPortal.TextAsync(on)).ShouldContain("Two-factor log-in is on.");
        }

        using (var engines = await trader.GetAsync(new Uri("/engines", UriKind.Relative), Ct))
        {
            engines.StatusCode.ShouldBe(HttpStatusCode.OK, "on: the portal opens");
        }
        var onPage = await TextAsync(trader, "/Account/TwoFactor");
        onPage.ShouldContain("so it cannot be turned off");
        onPage.ShouldNotContain("id=\"off-password\"");
        await using var scope = _portal.Factory.Services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<TwoFactorSettings>();
        var user = (await _portal.WithUsersAsync(users => users.FindByEmailAsync("mustuse@test.local"))).ShouldNotBeNull();
        (await settings.DisableAsync(user, Password, "10.0.0.1")).Kind.ShouldBe(TwoFactorChangeKind.RequiredByRole, "refused by the service too, not only hidden");
    }

    [Fact]
    public async Task AViewerIsNotAffectedAndAnUnknownRoleStopsTheStartNamingTheSetting()
    {
        await _portal.CreateUserAsync("looker@test.local", Password, Roles.Viewer);
        using var viewer = _portal.Client();
        (await AuthPortal.LogInAsync(viewer, "looker@test.local", Password)).Dispose();
        using (var home = await viewer.GetAsync(new Uri("/engines", UriKind.Relative), Ct))
        {
            home.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using var wrong = AuthPortal.With(("TwoFactor:RequiredFor:0", "Admins"));
        var error = Should.Throw<OptionsValidationException>(wrong.Start);
        error.Message.ShouldContain("TwoFactor:RequiredFor:0 'Admins' is not a role; choose from");
    }

    private static async Task<string> TextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return await AuthPortal.TextAsync(response);
    }
}
