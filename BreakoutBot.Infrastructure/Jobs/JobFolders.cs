using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Jobs;

/// <summary>The folders the jobs write to, resolved against <c>Database:DataFolder</c> (created on first use).</summary>
public sealed class JobFolders(IOptions<JobsOptions> jobs, IOptions<DatabaseOptions> database)
{
    public string Exports => Ensure(jobs.Value.ExportFolder, "exports");

    public string MarketData => Ensure(jobs.Value.MarketDataFolder, "market-data");

    /// <summary>Where data sets keep their files, one sub-folder per data set id (ADR-013).</summary>
    public string DataSets => Ensure(null, "data-sets");

    /// <summary>The folder of data set <paramref name="id"/> (not created).</summary>
    public string DataSet(long id) => Path.Combine(DataSets, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The data folder itself (the SQLite file's folder by default).</summary>
    public string Data => Path.GetFullPath(database.Value.DataFolder);

    private string Ensure(string? configured, string defaultName)
    {
        var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(database.Value.DataFolder, defaultName) : configured);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
