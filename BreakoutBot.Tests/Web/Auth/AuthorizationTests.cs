using System.Net;
using System.Reflection;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Tests.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace BreakoutBot.Tests.Web.Auth;

public sealed class AuthorizationTests(AuthPortal portal) : IClassFixture<AuthPortal>
{
    private static readonly string[] AnonymousPages =
    [
        "/Account/Login",
        "/Account/LoginWith2fa",
        "/Account/AccessDenied",
        "/Error",
        "/not-found",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/users")]
    [InlineData("/Account/ChangePassword")]
    public async Task AnonymousVisitorIsSentToTheLogInPage(string path)
    {
        using var client = portal.Client();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        AuthPortal.RedirectTarget(response).ShouldBe("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(path));
    }

    [Fact]
    public async Task LogInPageIsOpenToAnonymousVisitors()
    {
        using var client = portal.Client();

        using var response = await client.GetAsync(new Uri("/Account/Login", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await AuthPortal.TextAsync(response);
        html.ShouldContain("__RequestVerificationToken");
        html.ShouldContain("name=\"Input.Password\"");
        html.ShouldNotContain("\"type\":\"server\""); // rendered statically: no interactive component markers
    }

    [Theory]
    [InlineData(Roles.Trader)]
    [InlineData(Roles.Viewer)]
    public async Task AdminUsersPageIsForbiddenToTradersAndViewers(string role)
    {
        using var client = portal.Client().AsTestUser("someone-" + role, role);

        using var response = await client.GetAsync(new Uri("/admin/users", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(Roles.Trader)]
    [InlineData(Roles.Viewer)]
    public async Task SignedInUserOfAnyRoleOpensTheHomePage(string role)
    {
        using var client = portal.Client().AsTestUser("home-" + role, role);

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await AuthPortal.TextAsync(response);
        html.ShouldContain("home-" + role);
        html.ShouldContain("\"type\":\"server\""); // the portal's pages are interactive
        html.ShouldNotContain("Users and roles");
    }

    [Fact]
    public async Task AdministratorOpensTheUsersPageAndSeesTheUsers()
    {
        using var client = portal.Client();
        (await AuthPortal.LogInAsync(client, AuthPortal.AdminEmail, AuthPortal.AdminPassword)).Dispose();

        using var response = await client.GetAsync(new Uri("/admin/users", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await AuthPortal.TextAsync(response);
        html.ShouldContain("users-table");
        html.ShouldContain(AuthPortal.AdminEmail);
    }

    [Theory]
    [InlineData("/admin/users")]
    [InlineData("/Account/ChangePassword")]
    public async Task ThePasswordHintStatesEveryRuleTheServerChecks(string path)
    {
        using var client = portal.Client();
        (await AuthPortal.LogInAsync(client, AuthPortal.AdminEmail, AuthPortal.AdminPassword)).Dispose();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await AuthPortal.TextAsync(response);
        html.ShouldContain("At least 10 characters, with a digit, an upper-case letter and a lower-case letter, and at least 4 different characters.");
    }

    [Fact]
    public async Task TraderLoggedInWithACookieGetsTheAccessDeniedPageWith403()
    {
        await portal.CreateUserAsync("cookie-trader@test.local", "Tr4derPassword", Roles.Trader);
        using var client = portal.FollowingClient();
        (await AuthPortal.LogInAsync(client, "cookie-trader@test.local", "Tr4derPassword")).Dispose();

        using var response = await client.GetAsync(new Uri("/admin/users", UriKind.Relative), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/Account/AccessDenied");
        (await AuthPortal.TextAsync(response)).ShouldContain("403");
    }

    [Fact]
    public void EveryRoutablePageRequiresAnAuthenticatedUserUnlessItIsAnAccountOrErrorPage()
    {
        var pages = typeof(BreakoutBot.Web.Program).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes<RouteAttribute>().Any())
            .ToList();
        pages.ShouldNotBeEmpty();

        foreach (var page in pages)
        {
            var routes = page.GetCustomAttributes<RouteAttribute>().Select(r => r.Template).ToList();
            if (routes.Any(r => AnonymousPages.Contains(r, StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }

            page.GetCustomAttributes<AllowAnonymousAttribute>(inherit: true).ShouldBeEmpty(page.FullName + " allows anonymous access");
            page.GetCustomAttributes<AuthorizeAttribute>(inherit: true).ShouldNotBeEmpty(page.FullName + " has no [Authorize]");
        }
    }

    [Fact]
    public void AdminPagesRequireTheAdminRole()
    {
        var adminPages = typeof(BreakoutBot.Web.Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.EndsWith(".Pages.Admin", StringComparison.Ordinal) == true
                && t.GetCustomAttributes<RouteAttribute>().Any())
            .ToList();
        adminPages.ShouldNotBeEmpty();

        foreach (var page in adminPages)
        {
            page.GetCustomAttributes<AuthorizeAttribute>(inherit: true)
                .ShouldContain(a => a.Roles == Roles.Admin, page.FullName + " is not limited to " + Roles.Admin);
        }
    }
}
