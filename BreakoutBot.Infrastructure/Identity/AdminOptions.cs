using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.Identity;

/// <summary>
/// The first administrator (<c>Admin:Email</c>, <c>Admin:Password</c>; environment <c>Admin__Email</c>,
/// <c>Admin__Password</c>). Used only while no user holds the Admin role. Without a password a strong one is generated
/// and printed once to the console.
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public const string DefaultEmail = "admin@breakoutbot.local";

    [Required]
    [EmailAddress]
    public string Email { get; set; } = DefaultEmail;

    public string? Password { get; set; }
}
