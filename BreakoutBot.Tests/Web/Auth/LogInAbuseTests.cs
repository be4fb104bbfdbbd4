using System.Net;
using System.Text.RegularExpressions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Tests.TestSupport;

namespace BreakoutBot.Tests.Web.Auth;

/// <summary>Failed log-ins are throttled, never locked; unknown and known accounts look the same from outside.</summary>
public sealed partial class LogInAbuseTests(AuthPortal portal) : IClassFixture<AuthPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnonymousFailedLogInsNeitherLockTheOwnerOutNorEndTheirOpenSession()
    {
        const string email = "victim@test.local";
        const string password = "V1ctimPassword";
        await portal.CreateUserAsync(email, password, Roles.Trader);
        using var owner = portal.Client();
        (await AuthPortal.LogInAsync(owner, email, password)).Dispose();

        for (var attacker = 0; attacker < 3; attacker++)
        {
            using var anonymous = portal.Client();
            for (var i = 0; i < 4; i++)
            {
                (await AuthPortal.LogInAsync(anonymous, email, "Guess" + attacker + i + "Password")).Dispose();
            }
        }

        using (var engines = await owner.GetAsync(new Uri("/engines", UriKind.Relative), Ct))
        {
            engines.StatusCode.ShouldBe(HttpStatusCode.OK, "the owner's open session must survive the attack");
        }

        using var elsewhere = portal.Client();
        var retryAt = DateTimeOffset.MinValue;
        await Eventually.WaitUntilAsync(
            async () =>
            {
                if (DateTimeOffset.UtcNow < retryAt)
                {
                    return false;
                }

                using var response = await AuthPortal.LogInAsync(elsewhere, email, password);
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    return true;
                }

                // Wait as long as the page asks, as the owner would; a lock gives no Retry-After and fails here.
                var wait = response.Headers.RetryAfter.ShouldNotBeNull(await AuthPortal.TextAsync(response)).Delta.ShouldNotBeNull();
                retryAt = DateTimeOffset.UtcNow + wait;
                return false;
            },
            "the owner logs in from another address once the throttle's wait is over",
            TimeSpan.FromSeconds(45));
        var user = await portal.WithUsersAsync(users => users.FindByEmailAsync(email));
        user.ShouldNotBeNull().LockoutEnd.ShouldBeNull();
    }

    [Fact]
    public async Task AfterFiveFailuresTheNextAttemptIsToldHowLongToWaitAndThePasswordIsNotEvenChecked()
    {
        const string email = "patient@test.local";
        const string password = "Pat1entPassword";
        await portal.CreateUserAsync(email, password, Roles.Viewer);
        using var client = portal.Client();
        for (var i = 0; i < 5; i++)
        {
            (await AuthPortal.LogInAsync(client, email, "Wrong" + i + "Password")).Dispose();
        }

        var verifications = portal.Hasher.Verifications;
        using var response = await AuthPortal.LogInAsync(client, email, password);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ErrorText(await AuthPortal.TextAsync(response)).ShouldMatch(@"^Too many failed log-ins for this account or from this address\. Try again in \d+ s\.$");
        response.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        portal.Hasher.Verifications.ShouldBe(verifications);
    }

    [Fact]
    public async Task UnknownAndKnownAccountsGetTheSameAnswersAndTheSamePasswordHashWork()
    {
        const string known = "known@test.local";
        await portal.CreateUserAsync(known, "Kn0wnPassword", Roles.Trader);

        var (knownAnswers, knownHashes) = await SixWrongPasswordsAsync(known);
        var (unknownAnswers, unknownHashes) = await SixWrongPasswordsAsync("nobody@test.local");

        unknownAnswers.ShouldBe(knownAnswers);
        knownAnswers[0].ShouldBe("Wrong e-mail or password.");
        knownAnswers[5].ShouldStartWith("Too many failed log-ins");
        unknownHashes.ShouldBe(knownHashes);
        knownHashes.ShouldBe(5, "one verification per checked attempt; the throttled sixth is not checked");
    }

    [Fact]
    public async Task OneAddressPostingTheLogInFormTooOftenGets429WithRetryAfter()
    {
        using var client = portal.Client();
        var token = await AuthPortal.AntiforgeryTokenAsync(client, "/Account/Login");
        HttpResponseMessage? last = null;
        for (var i = 0; i < 31; i++)
        {
            last?.Dispose();
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = "flood" + i + "@test.local",
                ["Input.Password"] = "Fl00dPassword",
            });
            last = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form, Ct);
        }

        using var rejected = last.ShouldNotBeNull();
        rejected.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        rejected.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        (await rejected.Content.ReadAsStringAsync(Ct)).ShouldStartWith("Too many log-in attempts from this address.");
    }

    private async Task<(List<string> Answers, int Hashes)> SixWrongPasswordsAsync(string email)
    {
        using var client = portal.Client();
        var before = portal.Hasher.Verifications;
        var answers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await AuthPortal.LogInAsync(client, email, "Wrong" + i + "Password");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            answers.Add(ErrorText(await AuthPortal.TextAsync(response)));
        }

        return (answers, portal.Hasher.Verifications - before);
    }

    private static string ErrorText(string html)
    {
        var match = LoginError().Match(html);
        match.Success.ShouldBeTrue("no error message on the page");
        return match.Groups["text"].Value.Trim();
    }

    [GeneratedRegex("<p[^>]*id=\"login-error\"[^>]*>(?<text>[^<]*)</p>")]
    private static partial Regex LoginError();
}
