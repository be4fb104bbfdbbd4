using BreakoutBot.Infrastructure.Identity;
using Microsoft.Playwright;
using static BreakoutBot.Tests.Web.Browser.BrowserPages;

namespace BreakoutBot.Tests.Web.Browser;

/// <summary>
/// Two-factor log-in in Debian's Chromium against the real portal process: from the portal's menu to the set-up page
/// (its QR code drawn under the portal's content security policy), turned on with the app's code, then a log-in in a
/// fresh browser that asks for the code after the password and lands where it was going. Skips when Chromium is absent.
/// </summary>
public sealed class TwoFactorBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheAdminTurnsOnTwoFactorLogInFromTheMenuAndTheNextLogInAsksForTheCode()
    {
        var chromium = RequireChromium();
        await using var portal = await PortalProcess.StartAsync(Ct);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        try
        {
            var admin = await NewPageAsync(browser, portal);
            var violations = new List<string>();
            admin.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add(message.Text);
                }
            };
            await LogInAsync(admin, PortalProcess.AdminEmail, PortalProcess.AdminPassword);
            await GotoInteractiveAsync(admin, "engines");
            await admin.Locator("nav a[href='Account/TwoFactor']").ClickAsync();
            await admin.WaitForURLAsync(url => url.Contains("/Account/TwoFactor", StringComparison.Ordinal));
            var qr = admin.Locator("#two-factor-qr svg");
            await Assertions.Expect(qr).ToBeVisibleAsync();
            (await qr.BoundingBoxAsync()).ShouldNotBeNull().Width.ShouldBeGreaterThan(100, "a QR code a phone can read");
            var key = (await admin.Locator("#two-factor-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

            await admin.Locator("#on-code").FillAsync(Code(key, 0));
            await admin.Locator("form:has(#on-code) button[type=submit]").ClickAsync();
            await Assertions.Expect(admin.Locator("#two-factor-done")).ToContainTextAsync("Two-factor log-in is on.");
            (await admin.Locator("#recovery-codes li").CountAsync()).ShouldBe(TwoFactorSettings.RecoveryCodeCount);
            violations.ShouldBeEmpty();

            var fresh = await NewPageAsync(browser, portal);
            await fresh.GotoAsync("engines");
            await fresh.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.Ordinal));
            await fresh.Locator("#login-email").FillAsync(PortalProcess.AdminEmail);
            await fresh.Locator("#login-password").FillAsync(PortalProcess.AdminPassword);
            await fresh.Locator("button[type=submit]").ClickAsync();
            await fresh.WaitForURLAsync(url => url.Contains("/Account/LoginWith2fa", StringComparison.Ordinal));
            await fresh.Locator("#login-code").FillAsync(Code(key, 1));
            await fresh.Locator("button[type=submit]").ClickAsync();
            await fresh.WaitForURLAsync(url => url.EndsWith("/engines", StringComparison.Ordinal));
            await WaitForCircuitAsync(fresh);
            await Assertions.Expect(fresh.Locator("body")).ToContainTextAsync(PortalProcess.AdminEmail);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException or ShouldAssertException)
        {
            throw new InvalidOperationException(ex.Message + "\n--- portal output ---\n" + Tail(portal.Output), ex);
        }
    }

    /// <summary>The code an authenticator app shows <paramref name="stepsAhead"/> 30-second steps from now (each step is accepted once).</summary>
    private static string Code(string key, int stepsAhead) =>
        AuthenticatorCodes.Code(AuthenticatorCodes.Base32(key), (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / AuthenticatorCodes.StepSeconds) + stepsAhead);
}
