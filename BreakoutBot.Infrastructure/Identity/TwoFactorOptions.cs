using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Constants;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// Section <c>TwoFactor</c>: the roles whose users must use two-factor log-in (ADR-012 point 6). Such a user without it
/// reaches only the set-up page until it is on, and cannot turn it off. Empty (the default): everyone chooses.
/// </summary>
public sealed class TwoFactorOptions
{
    public const string SectionName = "TwoFactor";

    /// <summary>Role names, e.g. <c>TwoFactor__RequiredFor__0=Admin</c>.</summary>
    public string[] RequiredFor { get; set; } = [];

    /// <summary>True when the signed-in <paramref name="user"/> has a role that requires two-factor log-in.</summary>
    public bool IsRequiredFor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return RequiredFor.Any(user.IsInRole);
    }
}

public sealed class TwoFactorOptionsValidator : IValidateOptions<TwoFactorOptions>
{
    public ValidateOptionsResult Validate(string? name, TwoFactorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.RequiredFor.Length; i++)
        {
            if (!Roles.All.Contains(options.RequiredFor[i], StringComparer.Ordinal))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{TwoFactorOptions.SectionName}:RequiredFor:{i} '{options.RequiredFor[i]}' is not a role; choose from {string.Join(", ", Roles.All)}."));
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
