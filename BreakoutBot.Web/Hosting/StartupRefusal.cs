using BreakoutBot.Infrastructure;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Hosting;

public static class StartupRefusal
{
    /// <summary>
    /// Runs the portal; a start refused for its configuration (an option out of range, a first-admin password that breaks
    /// the policy) ends with exit code 1 and one line on the error output naming the setting, instead of an unhandled
    /// exception (exit 134) whose stack trace hides the reason. The host has logged the details already. Only when the
    /// portal is the process: hosted by a test's <c>WebApplicationFactory</c> (another entry assembly) the exception goes
    /// on to the factory, which reports it to the test.
    /// </summary>
    public static async Task<int> RunOrRefuseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ex is OptionsValidationException or StartupRefusedException
            && System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupRefusal).Assembly)
        {
            await Console.Error.WriteLineAsync("BreakoutBot did not start: " + ex.Message);
            return 1;
        }
    }
}
