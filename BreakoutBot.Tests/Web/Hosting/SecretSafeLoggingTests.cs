using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Fakes;
using BreakoutBot.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreakoutBot.Tests.Web.Hosting;

/// <summary>
/// An operator turns logging up to Debug (or Trace) to look into a problem: what users type into the portal's forms
/// (an OKX secret and passphrase on the keys page, a new password) travels in the Blazor circuit's hub messages, which
/// SignalR's dispatcher logs at Debug with their arguments. That category stays at Information.
/// </summary>
public sealed class SecretSafeLoggingTests
{
    [Fact]
    public async Task TurningEveryLogLevelUpToTraceDoesNotLogTheCircuitsMessagesWithWhatWasTyped()
    {
        using var database = new SqliteTestDatabase();
        var recording = new RecordingLoggerProvider();
        await using var factory = new BreakoutBotWebFactory(new PortalOptions
        {
            Database = database,
            Settings =
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:" + SecretSafeLogging.HubDispatcherCategory] = "Trace",
                ["Logging:Console:LogLevel:Default"] = "Trace",
            },
            Logging = logging => logging.AddProvider(recording),
        });
        var loggers = factory.Services.GetRequiredService<ILoggerFactory>();
        loggers.CreateLogger("Microsoft.AspNetCore.SignalR.HubConnectionHandler").IsEnabled(LogLevel.Debug)
            .ShouldBeTrue("the configured levels are in force for the rest of SignalR");

        var dispatcher = loggers.CreateLogger(SecretSafeLogging.HubDispatcherCategory);
        dispatcher.LogDebug("Received hub invocation: {Arguments}", "{\"fieldValue\":\"typed-okx-secret\"}");

        dispatcher.IsEnabled(LogLevel.Debug).ShouldBeFalse();
        recording.Messages.ShouldNotContain(m => m.Contains("typed-okx-secret", StringComparison.Ordinal));
    }
}
