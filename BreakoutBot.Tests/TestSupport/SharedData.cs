namespace BreakoutBot.Tests.TestSupport;

/// <summary>
/// Locates the read-only reference data in <c>../shared</c> beside the repository. Tests that need it call
/// <see cref="RequireFolder"/>, which skips the test with a clear reason when the folder is absent.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> SharedRoot = new(FindSharedRoot);

    public static string? Root => SharedRoot.Value;

    /// <summary>Returns the absolute path of <paramref name="relative"/> under ../shared, or skips the test.</summary>
    public static string RequireFolder(string relative)
    {
        var root = Root;
        if (root is null)
        {
            Assert.Skip($"../shared is not beside the repository, so the reference data '{relative}' is absent.");
        }
        var path = Path.Combine(root, relative);
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            Assert.Skip($"Reference data '{relative}' is not in {root}.");
        }
        return path;
    }

    /// <summary>The repository root (the folder holding BreakoutBot.Web.sln).</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BreakoutBot.Web.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }

    private static string? FindSharedRoot()
    {
        var env = Environment.GetEnvironmentVariable("BREAKOUTBOT_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return env;
        }
        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared"));
        return Directory.Exists(candidate) ? candidate : null;
    }
}
