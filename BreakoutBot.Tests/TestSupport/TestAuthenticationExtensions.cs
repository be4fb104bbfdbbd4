using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using BreakoutBot.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.TestSupport;

public static class TestAuthenticationExtensions
{
    public const string PolicySchemeName = "TestOrCookie";

    /// <summary>
    /// Adds <see cref="TestAuthHandler"/> behind a policy scheme that uses it when the request carries
    /// <c>X-Test-User</c> and the portal's own scheme otherwise (a Bearer token, else the Identity cookie). Call from <c>ConfigureTestServices</c> and set
    /// <c>Testing:TestAuth=true</c>.
    /// </summary>
    public static IServiceCollection AddTestAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, _ => { })
            .AddPolicyScheme(PolicySchemeName, "Test header or Identity cookie", options =>
                options.ForwardDefaultSelector = context => context.Request.Headers.ContainsKey(TestAuthHandler.UserHeader)
                    ? TestAuthHandler.SchemeName
                    : ApiAuthentication.SchemeName);
        services.PostConfigure<AuthenticationOptions>(options =>
        {
            options.DefaultScheme = PolicySchemeName;
            options.DefaultAuthenticateScheme = PolicySchemeName;
            options.DefaultChallengeScheme = PolicySchemeName;
            options.DefaultForbidScheme = PolicySchemeName;
        });
        return services;
    }

    /// <summary>Makes every request of <paramref name="client"/> come from the given test user and roles.</summary>
    public static HttpClient AsTestUser(this HttpClient client, string user, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Remove(TestAuthHandler.UserHeader);
        client.DefaultRequestHeaders.Remove(TestAuthHandler.RolesHeader);
        client.DefaultRequestHeaders.Add(TestAuthHandler.UserHeader, user);
        if (roles.Length > 0)
        {
            client.DefaultRequestHeaders.Add(TestAuthHandler.RolesHeader, string.Join(',', roles));
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return client;
    }
}
