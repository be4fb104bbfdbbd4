using System.Net;
using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Auth;

public sealed class UserAdministrationTests(AuthPortal portal) : IClassFixture<AuthPortal>
{
    private UserAdministration Administration => portal.Factory.Services.GetRequiredService<UserAdministration>();

    [Fact]
    public async Task CreatingAUserWithAWeakPasswordFailsWithThePolicyMessage()
    {
        var admin = await portal.PrincipalAsync(AuthPortal.AdminEmail);

        var result = await Administration.CreateUserAsync(admin, "weak@test.local", "short", Roles.Trader);

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldContain("at least 10 characters");
        result.Message.ShouldContain("digit");
        result.Message.ShouldContain("uppercase");
        (await portal.WithUsersAsync(users => users.FindByEmailAsync("weak@test.local"))).ShouldBeNull();
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.UserCreated && e.Target == "weak@test.local" && !e.Success);
    }

    [Fact]
    public async Task AdministratorCreatesATraderWhoCanLogIn()
    {
        var admin = await portal.PrincipalAsync(AuthPortal.AdminEmail);

        var result = await Administration.CreateUserAsync(admin, "new-trader@test.local", "Tr4derPassword", Roles.Trader);

        result.Succeeded.ShouldBeTrue(result.Message);
        var users = await Administration.ListUsersAsync(admin, TestContext.Current.CancellationToken);
        users.Single(u => u.Email == "new-trader@test.local").Roles.ShouldBe([Roles.Trader]);
        using var client = portal.Client();
        using var login = await AuthPortal.LogInAsync(client, "new-trader@test.local", "Tr4derPassword");
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.UserCreated && e.Target == "new-trader@test.local" && e.UserName == AuthPortal.AdminEmail && e.Success);
    }

    [Theory]
    [InlineData("", "E-mail")]
    [InlineData("not-an-email", "E-mail")]
    public async Task CreatingAUserWithoutAnEmailAddressNamesTheField(string email, string field)
    {
        var admin = await portal.PrincipalAsync(AuthPortal.AdminEmail);

        var result = await Administration.CreateUserAsync(admin, email, "Tr4derPassword", Roles.Trader);

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldStartWith(field);
    }

    [Fact]
    public async Task CreatingAUserWithAnUnknownRoleIsRefused()
    {
        var admin = await portal.PrincipalAsync(AuthPortal.AdminEmail);

        var result = await Administration.CreateUserAsync(admin, "superuser@test.local", "Tr4derPassword", "Root");

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldContain("Role");
        (await portal.WithUsersAsync(users => users.FindByEmailAsync("superuser@test.local"))).ShouldBeNull();
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.UserCreated && e.Target == "superuser@test.local" && !e.Success && e.Details!.StartsWith("Role"));
    }

    [Fact]
    public async Task AUserWhoseRoleCannotBeGivenIsNotLeftBehindWithoutOne()
    {
        var admin = await portal.PrincipalAsync(AuthPortal.AdminEmail);
        // A store that lacks the role (dropped by hand): giving it fails after the user row was written.
        await portal.WithRolesAsync(async roles => (await roles.DeleteAsync((await roles.FindByNameAsync(Roles.Viewer))!)).Succeeded.ShouldBeTrue());
        try
        {
            var result = await Administration.CreateUserAsync(admin, "roleless@test.local", "R0lelessPassword", Roles.Viewer);

            result.Succeeded.ShouldBeFalse();
            result.Message.ShouldContain("not created");
            (await portal.WithUsersAsync(users => users.FindByEmailAsync("roleless@test.local"))).ShouldBeNull("no user without a role is left behind");
            portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.UserCreated && e.Target == "roleless@test.local" && !e.Success);
        }
        finally
        {
            await portal.WithRolesAsync(async roles => (await roles.CreateAsync(new IdentityRole(Roles.Viewer))).Succeeded.ShouldBeTrue());
        }
    }

    [Theory]
    [InlineData(Roles.Trader)]
    [InlineData(Roles.Viewer)]
    public async Task OnlyAnAdministratorMayCreateUsersOrChangeRoles(string role)
    {
        var email = "plain-" + role.ToLowerInvariant() + "@test.local";
        var user = await portal.CreateUserAsync(email, "Pl4inPassword", role);
        var actor = await portal.PrincipalAsync(email);

        var create = await Administration.CreateUserAsync(actor, "sneaky-" + role + "@test.local", "Sne4kyPassword", Roles.Admin);
        var promote = await Administration.AddRoleAsync(actor, user.Id, Roles.Admin);
        var unlock = await Administration.UnlockAsync(actor, user.Id);

        create.Forbidden.ShouldBeTrue();
        promote.Forbidden.ShouldBeTrue();
        unlock.Forbidden.ShouldBeTrue();
        (await portal.WithUsersAsync(users => users.FindByEmailAsync("sneaky-" + role + "@test.local"))).ShouldBeNull();
        (await portal.WithUsersAsync(async users => await users.IsInRoleAsync((await users.FindByIdAsync(user.Id))!, Roles.Admin))).ShouldBeFalse();
        await Should.ThrowAsync<UnauthorizedAccessException>(() => Administration.ListUsersAsync(actor));
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.UserCreated && e.UserName == email && !e.Success);
    }

    [Fact]
    public async Task ARoleClaimWithoutTheStoreBehindItIsNotEnough()
    {
        var forged = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "no-such-id"), new Claim(ClaimTypes.Name, "mallory"), new Claim(ClaimTypes.Role, Roles.Admin)],
            "forged"));

        var result = await Administration.CreateUserAsync(forged, "forged@test.local", "F0rgedPassword", Roles.Admin);

        result.Forbidden.ShouldBeTrue();
    }

    [Fact]
    public async Task AdministratorAddsAndRemovesRoles()
    {
        var admin = await portal.PrincipalAsync(AuthPortal.AdminEmail);
        var user = await portal.CreateUserAsync("roles@test.local", "R0lesPassword", Roles.Viewer);

        (await Administration.AddRoleAsync(admin, user.Id, Roles.Trader)).Succeeded.ShouldBeTrue();
        (await Administration.RemoveRoleAsync(admin, user.Id, Roles.Viewer)).Succeeded.ShouldBeTrue();

        var roles = await portal.WithUsersAsync(async users => await users.GetRolesAsync((await users.FindByIdAsync(user.Id))!));
        roles.ShouldBe([Roles.Trader]);
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.RoleAdded && e.Target == "roles@test.local" && e.Details == Roles.Trader);
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.RoleRemoved && e.Target == "roles@test.local" && e.Details == Roles.Viewer);
    }

    [Fact]
    public async Task LockedUserCannotLogInUntilUnlocked()
    {
        var admin = await portal.PrincipalAsync(AuthPortal.AdminEmail);
        var user = await portal.CreateUserAsync("lockme@test.local", "L0ckMePassword", Roles.Trader);
        using var client = portal.Client();

        (await Administration.LockAsync(admin, user.Id)).Succeeded.ShouldBeTrue();
        using (var refused = await AuthPortal.LogInAsync(client, "lockme@test.local", "L0ckMePassword"))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await AuthPortal.TextAsync(refused)).ShouldContain("This account is locked");
        }

        (await Administration.ListUsersAsync(admin)).Single(u => u.Id == user.Id).IsLockedOut.ShouldBeTrue();
        (await Administration.UnlockAsync(admin, user.Id)).Succeeded.ShouldBeTrue();
        using var accepted = await AuthPortal.LogInAsync(client, "lockme@test.local", "L0ckMePassword");

        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.UserLocked && e.Target == "lockme@test.local");
        portal.Audit.Entries.ShouldContain(e => e.Action == AuditActions.UserUnlocked && e.Target == "lockme@test.local");
    }

    [Fact]
    public async Task AdministratorCannotLockThemselvesNorDropTheLastAdminRole()
    {
        var admin = await portal.PrincipalAsync(AuthPortal.AdminEmail);
        var adminId = admin.FindFirstValue(ClaimTypes.NameIdentifier)!;

        var selfLock = await Administration.LockAsync(admin, adminId);
        var selfDemote = await Administration.RemoveRoleAsync(admin, adminId, Roles.Admin);

        selfLock.Succeeded.ShouldBeFalse();
        selfLock.Message.ShouldContain("your own account");
        selfDemote.Succeeded.ShouldBeFalse();
        (await portal.WithUsersAsync(async users => await users.IsInRoleAsync((await users.FindByIdAsync(adminId))!, Roles.Admin))).ShouldBeTrue();
    }
}
