using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace BreakoutBot.Web.Cli;

/// <summary>
/// <c>user reset-two-factor --user EMAIL</c>: the operator's way back in when the only administrators lost their
/// authenticator and recovery codes (with <c>TwoFactor:RequiredFor</c> no one else can reset it). Turns the user's
/// two-factor log-in off as an Admin's reset does (key and recovery codes discarded, sessions ended) and audit-logs it.
/// Whoever can run this can read the database anyway.
/// </summary>
public static class UserCommand
{
    public const string Usage = "Usage: user reset-two-factor --user EMAIL";

    /// <param name="args">The words after <c>user</c>.</param>
    /// <param name="output">Where the outcome is printed.</param>
    /// <param name="settings">Configuration over the portal's own (tests point it at their database).</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Count == 0 || args[0] != "reset-two-factor")
        {
            throw new CliException(Usage);
        }
        var options = new CliArguments(args.Skip(1));
        var email = options.String("user") ?? throw new CliException("--user EMAIL is required (the account whose two-factor log-in is turned off).");
        options.EnsureAllUsed();

        using var host = CliHost.Build(settings, services =>
            services.AddIdentityCore<ApplicationUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<BreakoutBotDbContext>());
        await host.StartAsync();
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new CliException($"--user: there is no account '{email}'.");
            if (!await users.GetTwoFactorEnabledAsync(user))
            {
                await output.WriteLineAsync($"{email} does not use two-factor log-in; nothing changed.");
                return 0;
            }
            await TwoFactorSettings.TurnOffAsync(users, scope.ServiceProvider.GetRequiredService<IUserStore<ApplicationUser>>(), user);
            host.Services.GetRequiredService<IAuditLog>().Record(null, "command line", AuditActions.TwoFactorReset, email, "turned off from the command line");
            await output.WriteLineAsync($"Two-factor log-in of {email} is off and their sessions ended: they log in with their password and set it up again.");
            return 0;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
