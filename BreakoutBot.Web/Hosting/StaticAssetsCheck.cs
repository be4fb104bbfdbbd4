namespace BreakoutBot.Web.Hosting;

/// <summary>
/// A build that was not published keeps the framework's and MudBlazor's files (<c>_framework/blazor.web.js</c>,
/// <c>_content/...</c>) in the NuGet cache and obj folders, listed in a static web assets manifest that ASP.NET Core reads
/// only in Development. Outside Development this reads the manifest when it is there (an unpublished build), so the UI
/// works; a published folder has the files in wwwroot. With neither, the portal refuses to start with one message.
/// </summary>
public static class StaticAssetsCheck
{
    private const string ProbeAsset = "_framework/blazor.web.js";

    /// <summary>False (with the reason in <paramref name="error"/>) when the UI's files cannot be served.</summary>
    public static bool TryUseStaticAssets(this WebApplicationBuilder builder, out string? error)
    {
        ArgumentNullException.ThrowIfNull(builder);
        error = null;
        if (builder.Environment.IsDevelopment())
        {
            return true;
        }
        var manifest = Path.Combine(AppContext.BaseDirectory, builder.Environment.ApplicationName + ".staticwebassets.runtime.json");
        if (File.Exists(manifest))
        {
            builder.WebHost.UseStaticWebAssets();
            return true;
        }
        if (builder.Environment.WebRootFileProvider.GetFileInfo(ProbeAsset).Exists)
        {
            return true;
        }
        error = $"The portal's UI files are missing: {ProbeAsset} is not in {builder.Environment.WebRootPath} and there is no " +
            $"static web assets manifest ({manifest}). Run the output of 'dotnet publish -c Release', or a build with its manifest.";
        return false;
    }
}
