namespace BreakoutBot.Infrastructure;

/// <summary>Creates a folder the portal needs from its start, refusing the start with the setting named when it cannot.</summary>
public static class StartupFolder
{
    /// <param name="folder">The absolute folder.</param>
    /// <param name="setting">The setting that put it there, e.g. <c>Database:DataFolder</c>.</param>
    /// <exception cref="StartupRefusedException">The folder cannot be created (a file in the way, no permission, a read-only file system).</exception>
    public static string Ensure(string folder, string setting)
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            Directory.CreateDirectory(folder);
            return folder;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupRefusedException($"{setting}: the folder '{folder}' cannot be created ({ex.Message}).");
        }
    }
}
