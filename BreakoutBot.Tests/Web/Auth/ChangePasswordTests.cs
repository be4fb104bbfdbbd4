using System.Net;
using System.Text.RegularExpressions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Web.Auth;

public sealed partial class ChangePasswordTests(AuthPortal portal) : IClassFixture<AuthPortal>
{
    [Fact]
    public async Task ViewerChangesTheirPasswordAndLogsInWithTheNewOne()
    {
        await portal.CreateUserAsync("changer@test.local", "0ldPassword", Roles.Viewer);
        using var client = portal.Client();
        (await AuthPortal.LogInAsync(client, "changer@test.local", "0ldPassword")).Dispose();

        using var response = await AuthPortal.ChangePasswordAsync(client, "0ldPassword", "N3wPassword!", "N3wPassword!");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AuthPortal.TextAsync(response)).ShouldContain("Your password was changed.");
        using var fresh = portal.Client();
        using (var old = await AuthPortal.LogInAsync(fresh, "changer@test.local", "0ldPassword"))
        {
            old.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var renewed = await AuthPortal.LogInAsync(fresh, "changer@test.local", "N3wPassword!");
        renewed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.PasswordChanged && e.UserName == "changer@test.local" && e.Success);
        portal.Logs.Messages.ShouldNotContain(m => m.Contains("N3wPassword!", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WeakNewPasswordIsRefusedWithThePolicyMessage()
    {
        await portal.CreateUserAsync("weakchanger@test.local", "0ldPassword", Roles.Trader);
        using var client = portal.Client();
        (await AuthPortal.LogInAsync(client, "weakchanger@test.local", "0ldPassword")).Dispose();

        using var response = await AuthPortal.ChangePasswordAsync(client, "0ldPassword", "weak", "weak");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await AuthPortal.TextAsync(response);
        html.ShouldContain("at least 10 characters");
        html.ShouldNotContain("Your password was changed.");
        var stillOld = await portal.WithUsersAsync(async users =>
            await users.CheckPasswordAsync((await users.FindByEmailAsync("weakchanger@test.local"))!, "0ldPassword"));
        stillOld.ShouldBeTrue();
    }

    [Fact]
    public async Task MismatchedRepeatIsRefused()
    {
        await portal.CreateUserAsync("typo@test.local", "0ldPassword", Roles.Trader);
        using var client = portal.Client();
        (await AuthPortal.LogInAsync(client, "typo@test.local", "0ldPassword")).Dispose();

        using var response = await AuthPortal.ChangePasswordAsync(client, "0ldPassword", "N3wPassword!", "N3wPasswrod!");

        (await AuthPortal.TextAsync(response)).ShouldContain("The two new passwords differ.");
    }

    [Fact]
    public async Task WrongCurrentPasswordsAreThrottledLikeFailedLogInsAndTheNextAttemptIsNotEvenChecked()
    {
        await portal.CreateUserAsync("guessed@test.local", "0ldPassword", Roles.Trader);
        using var client = portal.Client();
        (await AuthPortal.LogInAsync(client, "guessed@test.local", "0ldPassword")).Dispose();

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await AuthPortal.ChangePasswordAsync(client, "Guess" + i + "Password", "N3wPassword!", "N3wPassword!");
            ErrorText(await AuthPortal.TextAsync(wrong)).ShouldBe("Current password: this is not your current password.");
        }

        var verifications = portal.Hasher.Verifications;
        using var response = await AuthPortal.ChangePasswordAsync(client, "0ldPassword", "N3wPassword!", "N3wPassword!");

        ErrorText(await AuthPortal.TextAsync(response)).ShouldMatch(@"^Too many wrong passwords for this account or from this address\. Try again in \d+ s\.$");
        response.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        portal.Hasher.Verifications.ShouldBe(verifications, "a throttled attempt checks no password");
        (await portal.WithUsersAsync(async users =>
            await users.CheckPasswordAsync((await users.FindByEmailAsync("guessed@test.local"))!, "0ldPassword"))).ShouldBeTrue();
        portal.Audit.Entries.Count(e => e.Action == AuditActions.PasswordChanged && e.UserName == "guessed@test.local" && !e.Success).ShouldBe(6);
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.PasswordChanged && e.UserName == "guessed@test.local" && e.Details!.StartsWith("throttled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChangingThePasswordRevokesTheUsersApiTokensAndSaysSo()
    {
        await portal.CreateUserAsync("scripter@test.local", "0ldPassword", Roles.Trader);
        await portal.CreateUserAsync("bystander@test.local", "0ldPassword", Roles.Trader);
        var token = await portal.Factory.CreateTokenAsync("scripter@test.local", ApiTokenScope.Control);
        await portal.Factory.CreateTokenAsync("scripter@test.local", ApiTokenScope.Read);
        var othersToken = await portal.Factory.CreateTokenAsync("bystander@test.local", ApiTokenScope.Read);
        using var script = portal.Factory.ApiClient(token);
        using var other = portal.Factory.ApiClient(othersToken);
        (await EnginesStatusAsync(script)).ShouldBe(HttpStatusCode.OK);
        using var client = portal.Client();
        (await AuthPortal.LogInAsync(client, "scripter@test.local", "0ldPassword")).Dispose();

        using var response = await AuthPortal.ChangePasswordAsync(client, "0ldPassword", "N3wPassword!", "N3wPassword!");

        (await AuthPortal.TextAsync(response)).ShouldContain("your 2 API tokens were revoked: create new ones for your scripts.");
        (await EnginesStatusAsync(script)).ShouldBe(HttpStatusCode.Unauthorized, "a token made with the old password ends with it");
        (await EnginesStatusAsync(other)).ShouldBe(HttpStatusCode.OK, "another user's token is untouched");
        portal.Audit.Entries.ShouldContain(e => e.Action == ApiTokenAuditActions.Revoked && e.UserName == "scripter@test.local"
            && e.Details == "all 2 active tokens: password changed");
    }

    private static async Task<HttpStatusCode> EnginesStatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/v1/engines", UriKind.Relative), TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static string ErrorText(string html)
    {
        var match = ChangeError().Match(html);
        match.Success.ShouldBeTrue("no error message on the page");
        return System.Net.WebUtility.HtmlDecode(match.Groups["text"].Value.Trim());
    }

    [GeneratedRegex("<p[^>]*id=\"change-password-error\"[^>]*>(?<text>[^<]*)</p>")]
    private static partial Regex ChangeError();
}
