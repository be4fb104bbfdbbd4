using System.Net;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Identity;

namespace BreakoutBot.Tests.Web.Auth;

public sealed class ChangePasswordTests(AuthPortal portal) : IClassFixture<AuthPortal>
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
}
