using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Tests.Web.Auth;

/// <summary>
/// The portal in memory with its own in-memory SQLite database, the demo engine off, test authentication enabled,
/// and recorders for the audit log, the start-up console and the logs.
/// </summary>
public sealed partial class AuthPortal : IAsyncDisposable
{
    public const string AdminEmail = PortalOptions.AdminEmail;
    public const string AdminPassword = PortalOptions.AdminPassword;

    private readonly bool _ownsDatabase;

    public AuthPortal()
        : this(AdminPassword, new SqliteTestDatabase(), ownsDatabase: true)
    {
    }

    private AuthPortal(string? adminPassword, SqliteTestDatabase database, bool ownsDatabase, params (string Key, string Value)[] settings)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        var options = new PortalOptions
        {
            Database = database,
            Settings = { ["Admin:Password"] = adminPassword ?? string.Empty },
            Logging = logging =>
            {
                logging.AddProvider(Logs);
                logging.AddFilter<RecordingLoggerProvider>(null, LogLevel.Trace);
            },
            Services = services =>
            {
                services.AddSingleton<IAuditLog>(Audit);
                services.AddSingleton<IStartupConsole>(Console);
                services.AddSingleton<IPasswordHasher<ApplicationUser>>(Hasher);
                services.AddSingleton<IStartupFilter, TestClientAddress>();
            },
        };
        foreach (var (key, value) in settings)
        {
            options.Settings[key] = value;
        }
        Factory = new BreakoutBotWebFactory(options);
    }

    public BreakoutBotWebFactory Factory { get; }

    public SqliteTestDatabase Database { get; }

    public RecordingAuditLog Audit { get; } = new();

    public RecordingStartupConsole Console { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    public CountingPasswordHasher Hasher { get; } = new();

    /// <summary>A portal over <paramref name="database"/> (kept by the caller), with the given or no admin password.</summary>
    public static AuthPortal Over(SqliteTestDatabase database, string? adminPassword) => new(adminPassword, database, ownsDatabase: false);

    /// <summary>A portal of its own with these settings on top of the defaults (e.g. <c>AllowedHosts</c>).</summary>
    public static AuthPortal With(params (string Key, string Value)[] settings) =>
        new(AdminPassword, new SqliteTestDatabase(), ownsDatabase: true, settings);

    /// <summary>Starts the app (hosted services: schema, roles, first admin).</summary>
    public void Start() => Factory.CreateClient().Dispose();

    /// <summary>A browser of its own: its own cookies, and its own client address unless one is given.</summary>
    public HttpClient Client(string? address = null)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address ?? TestClientAddress.Next());
        return client;
    }

    /// <summary>A client that keeps no cookies: send them yourself (e.g. a cookie captured from another client).</summary>
    public HttpClient CookielessClient(string cookies)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, TestClientAddress.Next());
        client.DefaultRequestHeaders.Add("Cookie", cookies);
        return client;
    }

    public HttpClient FollowingClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true });

    /// <summary>Creates a user straight in the store (not through the admin UI).</summary>
    public async Task<ApplicationUser> CreateUserAsync(string email, string password, params string[] roles)
    {
        Start();
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        created.Succeeded.ShouldBeTrue(string.Join(" ", created.Errors.Select(e => e.Description)));
        foreach (var role in roles)
        {
            (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
        }

        return user;
    }

    /// <summary>The principal a log-in would give <paramref name="email"/> (for calling services as that user).</summary>
    public async Task<ClaimsPrincipal> PrincipalAsync(string email)
    {
        Start();
        await using var scope = Factory.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        var user = (await signIn.UserManager.FindByEmailAsync(email)).ShouldNotBeNull();
        return await signIn.CreateUserPrincipalAsync(user);
    }

    public async Task<T> WithUsersAsync<T>(Func<UserManager<ApplicationUser>, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
    }

    /// <summary>Runs <paramref name="action"/> on the portal's role store (in a scope of its own).</summary>
    public async Task WithRolesAsync(Func<RoleManager<IdentityRole>, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Factory.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
    }

    /// <summary>Gets the log-in page and posts its form, antiforgery token included, as a browser does.</summary>
    public static async Task<HttpResponseMessage> LogInAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var path = "/Account/Login" + (returnUrl is null ? string.Empty : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        var token = await AntiforgeryTokenAsync(client, path);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri(path, UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts the change-password form, antiforgery token included.</summary>
    public static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string next, string repeat)
    {
        ArgumentNullException.ThrowIfNull(client);
        var token = await AntiforgeryTokenAsync(client, "/Account/ChangePassword");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["__RequestVerificationToken"] = token,
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = repeat,
        });
        return await client.PostAsync(new Uri("/Account/ChangePassword", UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    /// <summary>The auth cookie(s) a response sets, as a <c>Cookie</c> request header value.</summary>
    public static string AuthCookies(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var pairs = response.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("BreakoutBot.Auth", StringComparison.Ordinal))
            .Select(c => c.Split(';')[0])
            .ToList();
        pairs.ShouldNotBeEmpty("no auth cookie set");
        return string.Join("; ", pairs);
    }

    /// <summary>Reads the antiforgery token from the form on <paramref name="path"/> (the GET also sets its cookie).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var page = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        page.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var input = AntiforgeryInput().Match(html);
        input.Success.ShouldBeTrue("no antiforgery token on " + path);
        return WebUtility.HtmlDecode(TokenValue().Match(input.Value).Groups["v"].Value);
    }

    /// <summary>The path and query a redirect points to, whether the Location header is relative or absolute.</summary>
    public static string RedirectTarget(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var location = response.Headers.Location.ShouldNotBeNull("not a redirect: " + response.StatusCode);
        return location.IsAbsoluteUri && location.Host == "localhost" ? location.PathAndQuery : location.OriginalString;
    }

    public static async Task<string> TextAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (_ownsDatabase)
        {
            Database.Dispose();
        }
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("value=\"(?<v>[^\"]*)\"")]
    private static partial Regex TokenValue();
}
