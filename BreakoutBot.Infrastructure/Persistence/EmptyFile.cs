namespace BreakoutBot.Infrastructure.Persistence;

/// <summary>Creates a file with nothing in it and the Unix mode given, failing when it exists (the SQLite files' modes).</summary>
internal static class EmptyFile
{
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static void Create(string path, UnixFileMode mode)
    {
        using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
        {
        }
    }
}
