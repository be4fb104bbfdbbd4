using System.Globalization;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// A configured first-admin password must meet the password policy (Identity's own validators, as a log-in or a password
/// change applies them). Checked with the other options when the host starts, so a refused start has not migrated the
/// database or seeded anything yet. The password itself is never part of the message.
/// </summary>
public sealed class AdminOptionsValidator(IServiceScopeFactory scopes) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Password))
        {
            return ValidateOptionsResult.Success;
        }

        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var probe = new ApplicationUser { UserName = options.Email, Email = options.Email };
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            // Identity's policy validator answers synchronously; the options pipeline has no asynchronous validation.
            var result = validator.ValidateAsync(users, probe, options.Password).GetAwaiter().GetResult();
            errors.AddRange(result.Errors.Select(e => e.Description));
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"Configuration {AdminOptions.SectionName}:{nameof(AdminOptions.Password)} (environment Admin__Password) does not meet the password policy: {string.Join(" ", errors)}"));
    }
}
