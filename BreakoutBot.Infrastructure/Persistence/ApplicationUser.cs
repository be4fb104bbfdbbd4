using Microsoft.AspNetCore.Identity;

namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>A portal user (ASP.NET Core Identity).</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string? DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
