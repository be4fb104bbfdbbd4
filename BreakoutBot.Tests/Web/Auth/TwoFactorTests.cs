using System.Net;
using System.Text.RegularExpressions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Auth;

/// <summary>
/// Two-factor log-in as a user meets it: set up with an authenticator app (the codes here are computed as an app computes
/// them, RFC 6238), then every log-in asks for the code after the password; recovery codes work once; wrong codes are
/// throttled like wrong passwords; the password turns it off, and an administrator can turn it off for a user.
/// </summary>
public sealed partial class TwoFactorTests(AuthPortal portal) : IClassFixture<AuthPortal>
{
    private const string Password = "Tr4derPassword";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TurnedOnWithTheAppsCodeEveryLogInThenNeedsTheCodeAfterThePassword()
    {
        const string email = "twofactor@test.local";
        await portal.CreateUserAsync(email, Password, Roles.Trader);
        using var owner = portal.Client();
        (await AuthPortal.LogInAsync(owner, email, Password)).Dispose();

        using (var fresh = await owner.GetAsync(new Uri("/Account/TwoFactor", UriKind.Relative), Ct))
        {
            fresh.Headers.CacheControl?.NoStore.ShouldBeTrue("the key and the recovery codes are never cached");
        }
        var page = await GetTextAsync(owner, "/Account/TwoFactor");
        page.ShouldContain("Two-factor log-in is <b>off</b>");
        page.ShouldContain("<svg", Case.Sensitive, "the QR code for the app");
        var key = SharedKey(page);

        var wrong = await PostAsync(owner, "/Account/TwoFactor", "two-factor-on", ("On.Code", OtherCode(key)));
        ErrorText(wrong).ShouldBe("Code: this is not the code the app shows now. Check the phone's clock and enter the newest code.");
        (await IsEnabledAsync(email)).ShouldBeFalse();

        var first = Code(key);
        var on = await PostAsync(owner, "/Account/TwoFactor", "two-factor-on", ("On.Code", first));
        on.ShouldContain("Two-factor log-in is on. Your other sessions were logged out.");
        on.ShouldContain("Two-factor log-in is <b>on</b>", Case.Sensitive, "the answer shows the state it left, not the set-up form");
        on.ShouldNotContain("id=\"two-factor-key\"");
        RecoveryCodes(on).Count.ShouldBe(TwoFactorSettings.RecoveryCodeCount);
        (await IsEnabledAsync(email)).ShouldBeTrue();
        (await GetTextAsync(owner, "/Account/TwoFactor")).ShouldContain("Two-factor log-in is <b>on</b>", Case.Sensitive, "the session that turned it on goes on");
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.TwoFactorEnabled && e.UserName == email && e.Success);

        using var browser = portal.Client();
        using var password = await AuthPortal.LogInAsync(browser, email, Password, "/engines");
        password.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        AuthPortal.RedirectTarget(password).ShouldBe("/Account/LoginWith2fa?ReturnUrl=%2Fengines");
        HasAuthCookie(password).ShouldBeFalse("the password alone signs nobody in");
        using (var engines = await browser.GetAsync(new Uri("/engines", UriKind.Relative), Ct))
        {
            engines.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            AuthPortal.RedirectTarget(engines).ShouldStartWith("/Account/Login");
        }

        var wrongCode = await PostAsync(browser, "/Account/LoginWith2fa?ReturnUrl=%2Fengines", "login-code", ("Input.Code", OtherCode(key)));
        ErrorText(wrongCode).ShouldBe("Code: this is not the current code of your authenticator app, nor an unused recovery code.");
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.LogInSecondFactorFailed && e.UserName == email && !e.Success);

        var next = Code(key, 1);
        using var signedIn = await PostResponseAsync(browser, "/Account/LoginWith2fa?ReturnUrl=%2Fengines", "login-code", ("Input.Code", next));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        AuthPortal.RedirectTarget(signedIn).ShouldBe("/engines");
        HasAuthCookie(signedIn).ShouldBeTrue();
        using (var engines = await browser.GetAsync(new Uri("/engines", UriKind.Relative), Ct))
        {
            engines.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.LogIn && e.UserName == email && e.Details == "two-factor: authenticator code");

        // The same code again (seen over a shoulder), on another browser with the password: refused, and so is the
        // code that turned it on, of an earlier step.
        using var replay = portal.Client();
        (await AuthPortal.LogInAsync(replay, email, Password)).Dispose();
        foreach (var used in new[] { next, first })
        {
            var refused = await PostAsync(replay, "/Account/LoginWith2fa", "login-code", ("Input.Code", used));
            ErrorText(refused).ShouldBe("Code: this is not the current code of your authenticator app, nor an unused recovery code.");
        }
        portal.Logs.Messages.ShouldNotContain(m => m.Contains(key, StringComparison.OrdinalIgnoreCase), "the key never reaches the log");
    }

    [Fact]
    public async Task ARecoveryCodeLogsInOnceTypedAnyWay()
    {
        const string email = "recovery@test.local";
        var (_, codes) = await EnableAsync(email);

        using var browser = portal.Client();
        (await AuthPortal.LogInAsync(browser, email, Password)).Dispose();
        using var signedIn = await PostResponseAsync(browser, "/Account/LoginWith2fa", "login-code", ("Input.Code", " " + codes[0].Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, "a recovery code typed in lower case without its dash");
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.LogIn && e.UserName == email && e.Details == "two-factor: a recovery code (9 left)");

        using var again = portal.Client();
        (await AuthPortal.LogInAsync(again, email, Password)).Dispose();
        var reused = await PostAsync(again, "/Account/LoginWith2fa", "login-code", ("Input.Code", codes[0]));
        ErrorText(reused).ShouldBe("Code: this is not the current code of your authenticator app, nor an unused recovery code.");
    }

    [Fact]
    public async Task WrongCodesAreThrottledLikeWrongPasswordsAndTheNextIsNotEvenChecked()
    {
        const string email = "guessedcode@test.local";
        var (key, _) = await EnableAsync(email);
        using var attacker = portal.Client();
        (await AuthPortal.LogInAsync(attacker, email, Password)).Dispose();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await PostAsync(attacker, "/Account/LoginWith2fa", "login-code", ("Input.Code", OtherCode(key)));
            ErrorText(wrong).ShouldStartWith("Code: this is not the current code");
        }

        using var throttled = await PostResponseAsync(attacker, "/Account/LoginWith2fa", "login-code", ("Input.Code", Code(key, 1)));
        throttled.StatusCode.ShouldBe(HttpStatusCode.OK, "even the right code waits");
        ErrorText(await AuthPortal.TextAsync(throttled)).ShouldStartWith("Too many failed log-ins for this account or from this address. Try again in ");
        throttled.Headers.RetryAfter.ShouldNotBeNull();
        HasAuthCookie(throttled).ShouldBeFalse();
    }

    [Fact]
    public async Task TheCodePageNeedsAFreshPasswordStepOfTheSameAccountState()
    {
        const string email = "stale@test.local";
        var (key, _) = await EnableAsync(email);

        using var stranger = portal.Client();
        using (var direct = await stranger.GetAsync(new Uri("/Account/LoginWith2fa", UriKind.Relative), Ct))
        {
            direct.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            AuthPortal.RedirectTarget(direct).ShouldBe("/Account/Login");
        }

        using var browser = portal.Client();
        (await AuthPortal.LogInAsync(browser, email, Password)).Dispose();
        // The password changes between the two steps (the owner noticed a leak): the half-done log-in is void.
        await portal.WithUsersAsync(async users =>
        {
            var user = (await users.FindByEmailAsync(email)).ShouldNotBeNull();
            (await users.ChangePasswordAsync(user, Password, "N3wTr4derPassword")).Succeeded.ShouldBeTrue();
            return true;
        });
        var stale = await PostAsync(browser, "/Account/LoginWith2fa", "login-code", ("Input.Code", Code(key, 1)));
        ErrorText(stale).ShouldBe("This log-in can no longer be finished (the account changed meanwhile). Start again with your password.");
    }

    [Fact]
    public async Task ThePasswordTurnsItOffAndAnAdministratorCanTurnItOffForAUser()
    {
        const string email = "offagain@test.local";
        await EnableAsync(email);
        using var owner = portal.Client();
        await LogInWithCodeAsync(owner, email);

        var wrong = await PostAsync(owner, "/Account/TwoFactor", "two-factor-off", ("Off.Password", "NotMyPassw0rd"));
        ErrorText(wrong).ShouldBe("Password: this is not your password.");
        (await IsEnabledAsync(email)).ShouldBeTrue();
        var off = await PostAsync(owner, "/Account/TwoFactor", "two-factor-off", ("Off.Password", Password));
        off.ShouldContain("Two-factor log-in is off.");
        off.ShouldContain("Two-factor log-in is <b>off</b>", Case.Sensitive, "the answer shows the state it left");
        (await IsEnabledAsync(email)).ShouldBeFalse();
        using (var plain = await AuthPortal.LogInAsync(portal.Client(), email, Password))
        {
            AuthPortal.RedirectTarget(plain).ShouldBe("/", "the password alone logs in again");
        }

        // Lost phone: on again, then an administrator turns it off for them (the users page shows who uses it).
        await EnableAsync(email, createUser: false);
        using (var adminBrowser = portal.Client())
        {
            (await AuthPortal.LogInAsync(adminBrowser, AuthPortal.AdminEmail, AuthPortal.AdminPassword)).Dispose();
            var users = await GetTextAsync(adminBrowser, "/admin/users");
            users.ShouldContain("Turn off two-factor");
        }
        var admin = await portal.PrincipalAsync(AuthPortal.AdminEmail);
        var userId = await portal.WithUsersAsync(async users => (await users.FindByEmailAsync(email))!.Id);
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var asTrader = await portal.PrincipalAsync(email);
            (await administration.ResetTwoFactorAsync(asTrader, userId)).Succeeded.ShouldBeFalse("only an administrator");
            (await IsEnabledAsync(email)).ShouldBeTrue();
            var reset = await administration.ResetTwoFactorAsync(admin, userId);
            reset.Succeeded.ShouldBeTrue(reset.Message);
        }
        (await IsEnabledAsync(email)).ShouldBeFalse();
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.TwoFactorReset && e.Target == email && e.Success);
        using var afterReset = await AuthPortal.LogInAsync(portal.Client(), email, Password);
        AuthPortal.RedirectTarget(afterReset).ShouldBe("/");
    }

    [Fact]
    public async Task ACodeOfferedTwiceAtTheSameInstantOpensOnlyOneLogIn()
    {
        // Two requests (two nodes) read the account before either has stored the step it used: the second store fails on
        // the account's concurrency stamp, so the code is refused there.
        const string email = "racedcode@test.local";
        var (key, _) = await EnableAsync(email);
        var code = Code(key, 1);
        await using var first = portal.Factory.Services.CreateAsyncScope();
        await using var second = portal.Factory.Services.CreateAsyncScope();
        var firstUsers = first.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<BreakoutBot.Infrastructure.Persistence.ApplicationUser>>();
        var secondUsers = second.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<BreakoutBot.Infrastructure.Persistence.ApplicationUser>>();
        var seenFirst = (await firstUsers.FindByEmailAsync(email)).ShouldNotBeNull();
        var seenSecond = (await secondUsers.FindByEmailAsync(email)).ShouldNotBeNull();

        var firstUse = await first.ServiceProvider.GetRequiredService<AuthenticatorCodes>().TryUseAsync(seenFirst, code);
        var secondUse = await second.ServiceProvider.GetRequiredService<AuthenticatorCodes>().TryUseAsync(seenSecond, code);

        firstUse.ShouldBeTrue();
        secondUse.ShouldBeFalse("the same code, checked against an account read before the first use was stored");
    }

    [Fact]
    public async Task TheOperatorTurnsItOffFromTheCommandLineWhenNoAdministratorCan()
    {
        const string email = "lostphone@test.local";
        await EnableAsync(email);
        var stampBefore = await portal.WithUsersAsync(async users => await users.GetSecurityStampAsync((await users.FindByEmailAsync(email))!));
        var database = new Dictionary<string, string?> { ["ConnectionStrings:BreakoutBot"] = portal.Database.ConnectionString, ["Database:MigrateOnStartup"] = "false" };
        BreakoutBot.Web.Cli.CliCommands.IsCommand(["user", "reset-two-factor"]).ShouldBeTrue();
        using var output = new StringWriter();

        var code = await BreakoutBot.Web.Cli.UserCommand.RunAsync(["reset-two-factor", "--user", email], output, database);

        code.ShouldBe(0);
        output.ToString().ShouldContain($"Two-factor log-in of {email} is off and their sessions ended");
        (await IsEnabledAsync(email)).ShouldBeFalse();
        (await portal.WithUsersAsync(async users => await users.GetSecurityStampAsync((await users.FindByEmailAsync(email))!))).ShouldNotBe(stampBefore, "their sessions end");
        using (var plain = await AuthPortal.LogInAsync(portal.Client(), email, Password))
        {
            AuthPortal.RedirectTarget(plain).ShouldBe("/");
        }
        var unknown = await Should.ThrowAsync<BreakoutBot.Web.Cli.CliException>(() =>
            BreakoutBot.Web.Cli.UserCommand.RunAsync(["reset-two-factor", "--user", "nobody@test.local"], new StringWriter(), database));
        unknown.Message.ShouldBe("--user: there is no account 'nobody@test.local'.");
    }

    /// <summary>Creates the user (or uses them) and turns two-factor log-in on through the page; answers the key and the recovery codes.</summary>
    private async Task<(string Key, IReadOnlyList<string> Codes)> EnableAsync(string email, bool createUser = true)
    {
        if (createUser)
        {
            await portal.CreateUserAsync(email, Password, Roles.Trader);
        }
        using var client = portal.Client();
        (await AuthPortal.LogInAsync(client, email, Password)).Dispose();
        var key = SharedKey(await GetTextAsync(client, "/Account/TwoFactor"));
        var on = await PostAsync(client, "/Account/TwoFactor", "two-factor-on", ("On.Code", Code(key)));
        var codes = RecoveryCodes(on);
        codes.Count.ShouldBe(TwoFactorSettings.RecoveryCodeCount, on);
        return (key, codes);
    }

    private async Task LogInWithCodeAsync(HttpClient client, string email)
    {
        var key = await portal.WithUsersAsync(async users => (await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync(email))!))!);
        (await AuthPortal.LogInAsync(client, email, Password)).Dispose();
        using var signedIn = await PostResponseAsync(client, "/Account/LoginWith2fa", "login-code", ("Input.Code", Code(key, 1)));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private Task<bool> IsEnabledAsync(string email) =>
        portal.WithUsersAsync(async users => await users.GetTwoFactorEnabledAsync((await users.FindByEmailAsync(email))!));

    private static async Task<string> GetTextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return await AuthPortal.TextAsync(response);
    }

    private static async Task<string> PostAsync(HttpClient client, string path, string form, params (string Name, string Value)[] fields)
    {
        using var response = await PostResponseAsync(client, path, form, fields);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return await AuthPortal.TextAsync(response);
    }

    /// <summary>Gets the page and posts one of its forms, antiforgery token included, as a browser does.</summary>
    private static async Task<HttpResponseMessage> PostResponseAsync(HttpClient client, string path, string form, params (string Name, string Value)[] fields)
    {
        var token = await AuthPortal.AntiforgeryTokenAsync(client, path);
        var values = new Dictionary<string, string> { ["_handler"] = form, ["__RequestVerificationToken"] = token };
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }
        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(new Uri(path, UriKind.Relative), content, Ct);
    }

    private static bool HasAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("BreakoutBot.Auth=", StringComparison.Ordinal));

    private static string SharedKey(string html)
    {
        var key = KeyElement().Match(html).Groups["k"].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        key.ShouldNotBeNullOrEmpty("the page shows the key to type into the app");
        return key;
    }

    private static List<string> RecoveryCodes(string html) =>
        RecoveryCode().Matches(html).Select(m => m.Groups["c"].Value).ToList();

    private static string ErrorText(string html) => ErrorElement().Match(html).Groups["e"].Value;

    /// <summary>
    /// The code the app shows <paramref name="stepsAhead"/> steps of 30 s from now (the server accepts one step either
    /// way, each step once: a test that uses a second code takes the next step's).
    /// </summary>
    private static string Code(string key, int stepsAhead = 0) =>
        AuthenticatorCodes.Code(AuthenticatorCodes.Base32(key), (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / AuthenticatorCodes.StepSeconds) + stepsAhead);

    /// <summary>A 6-digit code the app shows at no moment near now.</summary>
    private static string OtherCode(string key)
    {
        var near = Enumerable.Range(-3, 7).Select(step => Code(key, step)).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, 1000).Select(i => ((123456 + (i * 7919)) % 1000000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !near.Contains(c));
    }

    [GeneratedRegex("<code id=\"two-factor-key\">(?<k>[^<]+)</code>")]
    private static partial Regex KeyElement();

    [GeneratedRegex("<li><code>(?<c>[A-Z0-9]{5}-[A-Z0-9]{5})</code></li>")]
    private static partial Regex RecoveryCode();

    [GeneratedRegex("<p class=\"account-error\" role=\"alert\"[^>]*>(?<e>[^<]*)</p>")]
    private static partial Regex ErrorElement();
}
