using System.Net;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Auth;

/// <summary>Log-out, a password change and an administrator's lock or role change end earlier sessions at once, cookies captured before included.</summary>
public sealed class SessionRevocationTests(AuthPortal portal) : IClassFixture<AuthPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACookieCapturedBeforeLogOutNoLongerOpensEngines()
    {
        await portal.CreateUserAsync("captured@test.local", "Capt4redPassword", Roles.Trader);
        using var browser = portal.Client();
        string cookie;
        using (var login = await AuthPortal.LogInAsync(browser, "captured@test.local", "Capt4redPassword"))
        {
            cookie = AuthPortal.AuthCookies(login);
        }

        using var thief = portal.CookielessClient(cookie);
        (await StatusOfEnginesAsync(thief)).ShouldBe(HttpStatusCode.OK, "the captured cookie works while the session is open");

        using (var logout = await LogOutAsync(browser, withToken: true))
        {
            logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        (await StatusOfEnginesAsync(thief)).ShouldBe(HttpStatusCode.Redirect, "the captured cookie must die with the log-out");
    }

    [Fact]
    public async Task LogOutWithoutTheAntiforgeryTokenIsRefusedAndTheSessionGoesOn()
    {
        await portal.CreateUserAsync("forged@test.local", "F0rgedPassword", Roles.Viewer);
        using var browser = portal.Client();
        (await AuthPortal.LogInAsync(browser, "forged@test.local", "F0rgedPassword")).Dispose();

        using var logout = await LogOutAsync(browser, withToken: false);

        logout.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await StatusOfEnginesAsync(browser)).ShouldBe(HttpStatusCode.OK);
        portal.Audit.Entries.ShouldNotContain(e => e.Action == AuditActions.LogOut && e.UserName == "forged@test.local");
    }

    [Fact]
    public async Task APasswordChangeEndsTheSessionInEveryOtherBrowserAtOnce()
    {
        await portal.CreateUserAsync("twobrowsers@test.local", "0ldPassword", Roles.Trader);
        using var laptop = portal.Client();
        using var phone = portal.Client();
        (await AuthPortal.LogInAsync(laptop, "twobrowsers@test.local", "0ldPassword")).Dispose();
        (await AuthPortal.LogInAsync(phone, "twobrowsers@test.local", "0ldPassword")).Dispose();
        (await StatusOfEnginesAsync(phone)).ShouldBe(HttpStatusCode.OK);

        using (var changed = await AuthPortal.ChangePasswordAsync(laptop, "0ldPassword", "N3wPassword!", "N3wPassword!"))
        {
            (await AuthPortal.TextAsync(changed)).ShouldContain("Your password was changed.");
        }

        (await StatusOfEnginesAsync(phone)).ShouldBe(HttpStatusCode.Redirect);
        (await StatusOfEnginesAsync(laptop)).ShouldBe(HttpStatusCode.OK, "the browser that changed the password keeps its renewed session");
    }

    [Fact]
    public async Task AnAdministratorsLockEndsTheUsersSessionAtOnce()
    {
        var user = await portal.CreateUserAsync("tobelocked@test.local", "T0beLocked", Roles.Trader);
        using var browser = portal.Client();
        (await AuthPortal.LogInAsync(browser, "tobelocked@test.local", "T0beLocked")).Dispose();
        (await StatusOfEnginesAsync(browser)).ShouldBe(HttpStatusCode.OK);
        var admin = await portal.PrincipalAsync(AuthPortal.AdminEmail);

        (await portal.Factory.Services.GetRequiredService<UserAdministration>().LockAsync(admin, user.Id)).Succeeded.ShouldBeTrue();

        (await StatusOfEnginesAsync(browser)).ShouldBe(HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnAdministratorsRoleChangeEndsTheUsersSessionAtOnce(bool remove)
    {
        var email = (remove ? "demoted" : "promoted") + "@test.local";
        var user = await portal.CreateUserAsync(email, "R0leChange!", Roles.Trader);
        using var browser = portal.Client();
        (await AuthPortal.LogInAsync(browser, email, "R0leChange!")).Dispose();
        (await StatusOfEnginesAsync(browser)).ShouldBe(HttpStatusCode.OK);
        var admin = await portal.PrincipalAsync(AuthPortal.AdminEmail);
        var administration = portal.Factory.Services.GetRequiredService<UserAdministration>();

        var changed = remove ? await administration.RemoveRoleAsync(admin, user.Id, Roles.Trader) : await administration.AddRoleAsync(admin, user.Id, Roles.Viewer);

        changed.Succeeded.ShouldBeTrue(changed.Message);
        (await StatusOfEnginesAsync(browser)).ShouldBe(HttpStatusCode.Redirect, "the session signed in with the old roles ends; the user signs in again with the new ones");
    }

    private static async Task<HttpStatusCode> StatusOfEnginesAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/engines", UriKind.Relative), Ct);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            AuthPortal.RedirectTarget(response).ShouldStartWith("/Account/Login");
        }

        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> LogOutAsync(HttpClient client, bool withToken)
    {
        var fields = new Dictionary<string, string>();
        if (withToken)
        {
            fields["__RequestVerificationToken"] = await AuthPortal.AntiforgeryTokenAsync(client, "/Account/ChangePassword");
        }

        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri("/Account/Logout", UriKind.Relative), form, Ct);
    }
}
