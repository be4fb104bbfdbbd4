using System.Data.Common;
using BreakoutBot.Infrastructure;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Hosting;

public static class StartupRefusal
{
    /// <summary>
    /// Builds the portal, sets up its pipeline with <paramref name="configure"/> and runs it; a start refused for its
    /// configuration (an option out of range, a first-admin password that breaks the policy, a proxy address that is not
    /// one, a database that does not answer) ends with exit code 1 and one line on the error output naming the setting, instead of an unhandled exception
    /// (exit 134) whose stack trace hides the reason. Some options are read while the host is built or the pipeline is set
    /// up (the trusted proxies, the database provider), so both are inside the refusal, not only the run. The host has
    /// logged the details of a refusal at run time already. Only when the portal is the process: hosted by a test's
    /// <c>WebApplicationFactory</c> (another entry assembly) the exception goes on to the factory, which reports it to the test.
    /// </summary>
    public static async Task<int> BuildAndRunOrRefuseAsync(this WebApplicationBuilder builder, Action<WebApplication> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        try
        {
            var app = builder.Build();
            configure(app);
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ex is OptionsValidationException or StartupRefusedException
            && System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupRefusal).Assembly)
        {
            await Console.Error.WriteLineAsync("BreakoutBot did not start: " + ex.Message);
            return 1;
        }
        catch (DbException ex) when (System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupRefusal).Assembly)
        {
            // The database is down, unreachable or refuses the log-in while the portal migrates it or seeds it. The
            // provider's message names host, port, user or file, never the password.
            await Console.Error.WriteLineAsync($"BreakoutBot did not start: the database did not answer ({ex.Message}). Check Database:Provider and ConnectionStrings:BreakoutBot, and that the database is up.");
            return 1;
        }
    }
}
