using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Net;
using System.Text.RegularExpressions;

namespace BreakoutBot.Tests.Web.Auth;

public sealed partial class IdentitySeederTests
{
    [Fact]
    public async Task GeneratedAdminPasswordIsPrintedExactlyOnceNeverLoggedAndWorks()
    {
        using var database = new SqliteTestDatabase();
        string password;
        await using (var first = AuthPortal.Over(database, adminPassword: null))
        {
            first.Start();

            first.Console.Lines.Count.ShouldBe(1);
            var banner = first.Console.Lines[0];
            banner.ShouldContain(AuthPortal.AdminEmail);
            password = PrintedPassword().Match(banner).Groups["p"].Value;
            password.Length.ShouldBeGreaterThanOrEqualTo(IdentityPolicy.MinimumPasswordLength);
            first.Logs.Messages.ShouldNotBeEmpty();
            first.Logs.Messages.ShouldNotContain(m => m.Contains(password, StringComparison.Ordinal));
            first.Logs.Messages.ShouldContain(m => m.Contains("Created the first administrator", StringComparison.Ordinal));

            using var client = first.Client();
            using var response = await AuthPortal.LogInAsync(client, AuthPortal.AdminEmail, password);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        await using var second = AuthPortal.Over(database, adminPassword: null);
        second.Start();

        second.Console.Lines.ShouldBeEmpty();
        second.Logs.Messages.ShouldNotContain(m => m.Contains(password, StringComparison.Ordinal));
        var admins = await second.WithUsersAsync(async users => await users.GetUsersInRoleAsync(Roles.Admin));
        admins.Select(a => a.Email).ShouldBe([AuthPortal.AdminEmail]);
    }

    [Fact]
    public async Task ConfiguredAdminPasswordCreatesTheAdminAndPrintsNothing()
    {
        await using var portal = new AuthPortal();
        portal.Start();

        portal.Console.Lines.ShouldBeEmpty();
        portal.Logs.Messages.ShouldNotContain(m => m.Contains(AuthPortal.AdminPassword, StringComparison.Ordinal));
        var valid = await portal.WithUsersAsync(async users =>
        {
            var admin = (await users.FindByEmailAsync(AuthPortal.AdminEmail)).ShouldNotBeNull();
            return await users.CheckPasswordAsync(admin, AuthPortal.AdminPassword) && await users.IsInRoleAsync(admin, Roles.Admin);
        });
        valid.ShouldBeTrue();
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.AdminCreated && e.Target == AuthPortal.AdminEmail);
    }

    [Fact]
    public async Task AllThreeRolesAreSeeded()
    {
        await using var portal = new AuthPortal();
        portal.Start();

        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            (await roles.RoleExistsAsync(role)).ShouldBeTrue(role);
        }
    }

    [Theory]
    [InlineData("short1A", "at least 10 characters")]
    [InlineData("alllowercase1", "uppercase")]
    [InlineData("NoDigitsAtAll", "digit")]
    public async Task WeakConfiguredAdminPasswordStopsStartUpWithThePolicyMessageBeforeTheDatabaseIsTouched(string weak, string expected)
    {
        using var database = new SqliteTestDatabase();
        await using var portal = AuthPortal.Over(database, weak);

        var error = Should.Throw<OptionsValidationException>(portal.Start);

        error.Message.ShouldContain("Admin:Password", customMessage: error.ToString());
        error.Message.ShouldContain(expected, customMessage: error.ToString());
        error.Message.ShouldNotContain(weak);
        // Refused with the other settings, before any start-up step: no schema was made, no role seeded.
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
        ((long)(await tables.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).ShouldBe(0L);
    }

    [Fact]
    public void GeneratedPasswordsMeetThePolicyAndDiffer()
    {
        var passwords = Enumerable.Range(0, 50).Select(_ => PasswordGenerator.Generate()).ToList();

        passwords.Distinct().Count().ShouldBe(50);
        foreach (var p in passwords)
        {
            p.Length.ShouldBe(24);
            p.Any(char.IsUpper).ShouldBeTrue(p);
            p.Any(char.IsLower).ShouldBeTrue(p);
            p.Any(char.IsDigit).ShouldBeTrue(p);
            p.Any(c => !char.IsLetterOrDigit(c)).ShouldBeTrue(p);
        }
    }

    [GeneratedRegex(@"password: (?<p>\S+)")]
    private static partial Regex PrintedPassword();
}
