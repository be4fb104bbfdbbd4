using Microsoft.Extensions.Logging.Console;

namespace BreakoutBot.Web.Hosting;

/// <summary>
/// Log categories that would write what users type, held at Information whatever the configured levels say. SignalR's
/// hub dispatcher logs every message it receives at Debug, and a Blazor circuit's messages carry each keystroke's field
/// value: an OKX secret and passphrase, a new password, a two-factor code would reach the console (and <c>docker logs</c>)
/// as soon as an operator turned <c>Microsoft.AspNetCore</c> (or everything) up to Debug.
/// </summary>
public static class SecretSafeLogging
{
    /// <summary>The category that logs each received hub invocation with its arguments.</summary>
    public const string HubDispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public static WebApplicationBuilder AddSecretSafeLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Registered after the configuration's rules, so for this category these win over any level configured for it or
        // its parents; the console's own rule too, since a provider-specific setting (Logging:Console:LogLevel) beats a general one.
        builder.Logging.AddFilter(HubDispatcherCategory, level => level >= LogLevel.Information);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(HubDispatcherCategory, level => level >= LogLevel.Information);
        return builder;
    }
}
