using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// At start-up: creates the Admin, Trader and Viewer roles and, while no user holds the Admin role, the first
/// administrator from <see cref="AdminOptions"/>. A configured password has met the password policy before this runs
/// (<see cref="AdminOptionsValidator"/> refuses the start otherwise); without one a strong password is generated and
/// written once to the console, never to the log. Registered after the persistence step, so the schema exists when it runs.
/// </summary>
public sealed class IdentitySeeder(
    IServiceScopeFactory scopes,
    IOptions<AdminOptions> adminOptions,
    IStartupConsole console,
    IAuditLog audit,
    TimeProvider time,
    ILogger<IdentitySeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var admin = adminOptions.Value;

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), "create the role " + role);
            }
        }

        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }

        await CreateFirstAdminAsync(users, admin);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CreateFirstAdminAsync(UserManager<ApplicationUser> users, AdminOptions admin)
    {
        var existing = await users.FindByEmailAsync(admin.Email);
        if (existing is not null)
        {
            // The configured e-mail belongs to a user who is not an administrator: promote it, keep its password.
            Check(await users.AddToRoleAsync(existing, Roles.Admin), "make " + admin.Email + " an administrator");
            audit.Record(null, "system", AuditActions.RoleAdded, admin.Email, Roles.Admin + " (first administrator)");
            logger.LogInformation("No administrator existed; {Email} now holds the Admin role", admin.Email);
            return;
        }

        var generated = string.IsNullOrEmpty(admin.Password);
        var password = generated ? PasswordGenerator.Generate() : admin.Password!;
        var user = new ApplicationUser
        {
            UserName = admin.Email,
            Email = admin.Email,
            EmailConfirmed = true,
            DisplayName = "Administrator",
            CreatedAt = time.GetUtcNow(),
        };
        Check(await users.CreateAsync(user, password), "create the first administrator " + admin.Email);
        Check(await users.AddToRoleAsync(user, Roles.Admin), "make " + admin.Email + " an administrator");
        audit.Record(user.Id, "system", AuditActions.AdminCreated, admin.Email, generated ? "generated password" : "configured password");
        logger.LogInformation("Created the first administrator {Email} with a {Source} password", admin.Email, generated ? "generated" : "configured");

        if (generated)
        {
            console.WriteLine(string.Join(
                Environment.NewLine,
                "==================================================================",
                " BreakoutBot: first administrator created",
                "   e-mail:   " + admin.Email,
                "   password: " + password,
                " This password is shown only now. Log in and change it at",
                " /Account/ChangePassword, or set Admin:Email and Admin:Password",
                " (Admin__Email / Admin__Password) before the first start.",
                "=================================================================="));
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not " + what + ": " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
