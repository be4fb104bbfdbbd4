using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>The folders the jobs write to, resolved against <c>Database:DataFolder</c> (created on first use).</summary>
public sealed class JobFolders(IOptions<JobsOptions> jobs, IOptions<DatabaseOptions> database)
{
    public string Exports => Ensure(jobs.Value.ExportFolder, "exports");

    public string MarketData => Ensure(jobs.Value.MarketDataFolder, "market-data");

    /// <summary>The data folder itself (the SQLite file's folder by default).</summary>
    public string Data => Path.GetFullPath(database.Value.DataFolder);

    private string Ensure(string? configured, string defaultName)
    {
        var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(database.Value.DataFolder, defaultName) : configured);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
