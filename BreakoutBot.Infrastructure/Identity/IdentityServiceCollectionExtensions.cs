using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// ASP.NET Core Identity with EF stores on <see cref="BreakoutBotDbContext"/> (registered by the persistence step),
    /// cookie authentication, the Admin/Trader/Viewer roles and the first administrator seeded at start-up, user
    /// administration, and a fallback <see cref="IAuditLog"/> that writes to the log.
    /// </summary>
    public static IServiceCollection AddIdentityStores(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AdminOptions>()
            .Bind(configuration.GetSection(AdminOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = IdentityPolicy.LoginPath;
            options.LogoutPath = IdentityPolicy.LogoutPath;
            options.AccessDeniedPath = IdentityPolicy.AccessDeniedPath;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Cookie.Name = "BreakoutBot.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
        });
        // Every request re-reads the user's security stamp (ADR-012): log-out, password change and an administrator's
        // lock rotate it, so cookies issued before stop working at once.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.AddOptions<LogInThrottleOptions>()
            .Bind(configuration.GetSection(LogInThrottleOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<LogInThrottle>();
        services.AddSingleton<SessionRevocations>();
        services.AddOptions<LiveSessionRecheckOptions>()
            .Bind(configuration.GetSection(LiveSessionRecheckOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<LiveSessionRecheck>();
        services.AddScoped<PasswordLogIn>();
        services.AddScoped<PasswordChange>();
        services.AddScoped<AuthenticatorCodes>();
        services.AddScoped<SecondFactorLogIn>();
        services.AddScoped<TwoFactorSettings>();

        services.AddIdentityCore<ApplicationUser>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<BreakoutBotDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<TwoFactorClaimsPrincipalFactory>();
        services.AddOptions<TwoFactorOptions>().Bind(configuration.GetSection(TwoFactorOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwoFactorOptions>, TwoFactorOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditLog, LoggerAuditLog>();
        services.TryAddSingleton<IStartupConsole, StartupConsole>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<UserDirectory>();
        services.AddHostedService<IdentitySeeder>();
        return services;
    }

    private static void ConfigureIdentity(IdentityOptions options)
    {
        options.Password.RequiredLength = IdentityPolicy.MinimumPasswordLength;
        options.Password.RequireDigit = true;
        options.Password.RequireUppercase = true;
        options.Password.RequireLowercase = true;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 4;
        // Lockout is only an administrator's lock; failed log-ins are throttled (LogInThrottle), never locked.
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedAccount = false;
        options.SignIn.RequireConfirmedEmail = false;
    }
}
