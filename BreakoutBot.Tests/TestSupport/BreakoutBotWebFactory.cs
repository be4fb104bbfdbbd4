using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>How a test portal differs from the defaults of <see cref="BreakoutBotWebFactory"/>.</summary>
public sealed class PortalOptions
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Adm1nPassw0rd";

    /// <summary>
    /// The portal's database; the caller owns it (two app starts may share one, as a restart does). Null: the database
    /// the settings name (e.g. <c>Database:Provider=Postgres</c> on a test PostgreSQL server), migrated by the app.
    /// </summary>
    public required SqliteTestDatabase? Database { get; init; }

    /// <summary>
    /// Configuration the app sees from its first line on and that overrides appsettings (they reach the app as
    /// command-line arguments). Defaults: demo engine off, the first admin <see cref="AdminEmail"/> with
    /// <see cref="AdminPassword"/>, test authentication on; an entry here replaces a default.
    /// </summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Service replacements, registered after the test database and the test authentication.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Extra logging set-up (e.g. a recording provider).</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }
}

/// <summary>
/// The one in-memory portal for tests (<see cref="WebApplicationFactory{TEntryPoint}"/> over the real
/// <c>Program</c>): its own SQLite database, the test authentication (<see cref="TestAuthHandler"/>), and whatever
/// <see cref="PortalOptions"/> changes. The app starts on first use of <c>Server</c>, <c>Services</c> or a client.
/// </summary>
public sealed class BreakoutBotWebFactory(PortalOptions options) : WebApplicationFactory<BreakoutBot.Web.Program>
{
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["DemoEngine:Enabled"] = "false",
        // The start-up replay that compiles the backtest code, and the preparation of a data set once stored, would only
        // load the tests' two cores (BacktestWarmUpTests and DataSetPreparationTests turn them on).
        ["Jobs:BacktestWarmUpBars"] = "0",
        ["Jobs:PrepareDataSets"] = "false",
        ["Admin:Email"] = PortalOptions.AdminEmail,
        ["Admin:Password"] = PortalOptions.AdminPassword,
        [TestAuthHandler.EnabledSetting] = "true",
    };

    public PortalOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (key, value) in Defaults.Where(d => !Options.Settings.ContainsKey(d.Key)).Concat(Options.Settings))
        {
            builder.UseSetting(key, value);
        }
        if (Options.Logging is not null)
        {
            builder.ConfigureLogging(Options.Logging);
        }
        builder.ConfigureTestServices(services =>
        {
            Options.Database?.Register(services);
            services.AddTestAuthentication();
            Options.Services?.Invoke(services);
        });
    }
}
