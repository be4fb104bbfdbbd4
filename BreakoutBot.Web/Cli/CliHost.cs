using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Web.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace BreakoutBot.Web.Cli;

/// <summary>
/// The host of a command-line verb that works on the portal's database: the portal's configuration (appsettings.json,
/// environment variables such as <c>ConnectionStrings__BreakoutBot</c>) with <paramref name="settings"/> over it, the
/// persistence layer, and only warnings on the console.
/// </summary>
public static class CliHost
{
    public static IHost Build(IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseShippedSettingsWhenAbsent(AppContext.BaseDirectory);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPersistence(builder.Configuration);
        services?.Invoke(builder.Services);
        return builder.Build();
    }
}
