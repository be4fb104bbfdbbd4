using System.Net.Http.Headers;
using BreakoutBot.Infrastructure.ApiTokens;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>HTTP API helpers on <see cref="BreakoutBotWebFactory"/>: real users, personal access tokens and clients that send them.</summary>
public static class ApiClientExtensions
{
    /// <summary>Creates a user straight in the Identity store with the given roles; returns the user's id.</summary>
    public static async Task<string> CreateUserAsync(this BreakoutBotWebFactory factory, string email, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, "Passw0rdPassw0rd");
        created.Succeeded.ShouldBeTrue(string.Join(" ", created.Errors.Select(e => e.Description)));
        foreach (var role in roles)
        {
            (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
        }
        return user.Id;
    }

    /// <summary>Creates a token for the user with <paramref name="email"/> through the portal's token service; returns the plain token.</summary>
    public static async Task<string> CreateTokenAsync(this BreakoutBotWebFactory factory, string email, ApiTokenScope scope, string? name = null, int days = 30)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var result = await factory.Services.GetRequiredService<ApiTokenService>()
            .CreateForEmailAsync(email, name ?? $"{scope} {Guid.NewGuid():N}", scope, days, TestContext.Current.CancellationToken);
        return result.Token ?? throw new InvalidOperationException(result.Refusal ?? string.Join("; ", result.Errors));
    }

    /// <summary>A client that never follows redirects and sends <c>Authorization: Bearer token</c> when a token is given.</summary>
    public static HttpClient ApiClient(this BreakoutBotWebFactory factory, string? token)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }
}
