using Microsoft.Extensions.Configuration.Json;

namespace BreakoutBot.Web.Hosting;

/// <summary>
/// ASP.NET Core reads <c>appsettings.json</c> from the content root, which is the working folder. A published portal
/// started from another folder (a service unit without <c>WorkingDirectory</c>, <c>dotnet /srv/breakoutbot/BreakoutBot.Web.dll</c>)
/// found none there and ran without the shipped settings: no <c>AllowedHosts</c> (every <c>Host</c> answered) and the
/// framework's log levels. When the content root has no <c>appsettings.json</c> and the app's own folder has one, this
/// reads the app folder's <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> beneath every other source,
/// so environment variables and the command line still win. A content root with its own file is left as it is. The
/// command-line verbs (<c>migrate</c>, <c>token create</c>, …) read the same way, so <c>migrate</c> run from elsewhere
/// migrates the configured database, not a new SQLite file in the working folder.
/// </summary>
public static class ShippedSettings
{
    private const string FileName = "appsettings.json";

    /// <param name="builder">The portal's builder or a command-line verb's, before anything reads its configuration.</param>
    /// <param name="appFolder">Where the executable and its shipped settings are (<see cref="AppContext.BaseDirectory"/>).</param>
    public static TBuilder UseShippedSettingsWhenAbsent<TBuilder>(this TBuilder builder, string appFolder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(appFolder);
        var contentRoot = Path.GetFullPath(builder.Environment.ContentRootPath);
        var shipped = Path.GetFullPath(appFolder);
        if (File.Exists(Path.Combine(contentRoot, FileName)) || !File.Exists(Path.Combine(shipped, FileName)))
        {
            return builder;
        }
        var sources = builder.Configuration.Sources;
        sources.Insert(0, Json(Path.Combine(shipped, FileName)));
        sources.Insert(1, Json(Path.Combine(shipped, $"appsettings.{builder.Environment.EnvironmentName}.json")));
        return builder;
    }

    private static JsonConfigurationSource Json(string path)
    {
        var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        return source;
    }
}
