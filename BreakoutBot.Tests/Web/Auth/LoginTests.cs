using System.Net;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Identity;

namespace BreakoutBot.Tests.Web.Auth;

public sealed class LoginTests(AuthPortal portal) : IClassFixture<AuthPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AdminLogsInWithTheConfiguredPasswordAndSeesTheirNameInThePortal()
    {
        using var client = portal.Client();

        using var response = await AuthPortal.LogInAsync(client, AuthPortal.AdminEmail, AuthPortal.AdminPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await AuthPortal.TextAsync(response));
        AuthPortal.RedirectTarget(response).ShouldBe("/");
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("BreakoutBot.Auth=", StringComparison.Ordinal));
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await AuthPortal.TextAsync(home);
        html.ShouldContain(AuthPortal.AdminEmail);
        html.ShouldContain("Log out");
        html.ShouldContain("Users and roles");
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.LogIn && e.UserName == AuthPortal.AdminEmail && e.Success);
    }

    [Fact]
    public async Task WrongPasswordShowsAnErrorSetsNoCookieAndIsAudited()
    {
        await portal.CreateUserAsync("wrong@test.local", "Tr4derPassword", Roles.Trader);
        using var client = portal.Client();

        using var response = await AuthPortal.LogInAsync(client, "wrong@test.local", "NotThePassw0rd");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AuthPortal.TextAsync(response)).ShouldContain("Wrong e-mail or password.");
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("BreakoutBot.Auth=", StringComparison.Ordinal));
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.LogInFailed && e.UserName == "wrong@test.local" && !e.Success);
        portal.Logs.Messages.ShouldNotContain(m => m.Contains("NotThePassw0rd", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FourWrongPasswordsDoNotLockTheAccount()
    {
        const string email = "careless@test.local";
        const string password = "Tr4derPassword";
        await portal.CreateUserAsync(email, password, Roles.Viewer);
        using var client = portal.Client();

        for (var i = 0; i < 4; i++)
        {
            using var failed = await AuthPortal.LogInAsync(client, email, "Wrong" + i + "Password");
        }

        using var response = await AuthPortal.LogInAsync(client, email, password);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task LogInWithoutTheAntiforgeryTokenIsRejected()
    {
        using var client = portal.Client();
        await AuthPortal.AntiforgeryTokenAsync(client, "/Account/Login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = AuthPortal.AdminEmail,
            ["Input.Password"] = AuthPortal.AdminPassword,
        });

        using var response = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("BreakoutBot.Auth=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/admin/users", "/admin/users")]
    [InlineData("https://evil.example/phish", "/")]
    [InlineData("//evil.example/phish", "/")]
    public async Task LogInReturnsOnlyToPagesOfThisSite(string returnUrl, string expected)
    {
        using var client = portal.Client();

        using var response = await AuthPortal.LogInAsync(client, AuthPortal.AdminEmail, AuthPortal.AdminPassword, returnUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        AuthPortal.RedirectTarget(response).ShouldBe(expected);
    }

    [Fact]
    public async Task LogOutEndsTheSession()
    {
        using var client = portal.Client();
        (await AuthPortal.LogInAsync(client, AuthPortal.AdminEmail, AuthPortal.AdminPassword)).Dispose();
        var token = await AuthPortal.AntiforgeryTokenAsync(client, "/Account/ChangePassword");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

        using var response = await client.PostAsync(new Uri("/Account/Logout", UriKind.Relative), form, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        AuthPortal.RedirectTarget(response).ShouldBe("/Account/Login");
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        AuthPortal.RedirectTarget(home).ShouldStartWith("/Account/Login");
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.LogOut && e.UserName == AuthPortal.AdminEmail);
    }
}
