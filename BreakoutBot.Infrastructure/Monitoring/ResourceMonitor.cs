using System.Diagnostics;
using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BreakoutBot.Infrastructure.Monitoring;

/// <summary>
/// Samples the process every <see cref="ResourceMonitorOptions.IntervalSeconds"/> (driven by <see cref="TimeProvider"/>):
/// CPU %, memory, disk of the data folder, threads, database size, the write-behind queue, Hangfire and Quartz job
/// counts, each level classified against the thresholds. Pages read <see cref="Latest"/> and listen to <see cref="Sampled"/>.
/// </summary>
public sealed partial class ResourceMonitor(
    IOptions<ResourceMonitorOptions> options,
    TimeProvider time,
    IDbContextFactory<BreakoutBotDbContext> contexts,
    JobFolders folders,
    ILogger<ResourceMonitor> logger,
    EngineEventWriter? writer = null,
    JobStorage? hangfire = null,
    ISchedulerFactory? quartz = null) : BackgroundService
{
    private readonly Lock _gate = new();
    private TimeSpan _lastCpu;
    private long _lastTimestamp;
    private ResourceLevel _lastWorst;

    public ResourceSnapshot? Latest { get; private set; }

    public event Action<ResourceSnapshot>? Sampled;

    /// <summary>Takes one sample now (also used by the timer) and publishes it.</summary>
    public async Task<ResourceSnapshot> SampleAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        using var process = Process.GetCurrentProcess();
        var now = time.GetUtcNow();
        var cpu = CpuPercent(process.TotalProcessorTime);
        var gc = GC.GetGCMemoryInfo();
        var total = gc.TotalAvailableMemoryBytes;
        var memoryPercent = total > 0 ? process.WorkingSet64 * 100.0 / total : 0;
        var (free, size) = Disk(folders.Data);
        double? diskUsed = size is > 0 ? (size.Value - free!.Value) * 100.0 / size.Value : null;
        string? error = null;
        long? databaseSize = null;
        try
        {
            databaseSize = await DatabaseSizeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            error = "Database size unavailable: " + ex.Message;
        }
        var snapshot = new ResourceSnapshot
        {
            Time = now,
            CpuPercent = cpu,
            CpuLevel = ResourceMonitorOptions.Classify(cpu, o.CpuWarnPercent, o.CpuMaxPercent),
            WorkingSetBytes = process.WorkingSet64,
            GcHeapBytes = GC.GetTotalMemory(false),
            TotalMemoryBytes = total,
            MemoryPercent = memoryPercent,
            MemoryLevel = ResourceMonitorOptions.Classify(memoryPercent, o.MemoryWarnPercent, o.MemoryMaxPercent),
            DiskFreeBytes = free,
            DiskTotalBytes = size,
            DiskUsedPercent = diskUsed,
            DiskLevel = diskUsed is null ? ResourceLevel.Ok : ResourceMonitorOptions.Classify(diskUsed.Value, o.DiskWarnPercent, o.DiskMaxPercent),
            ThreadCount = process.Threads.Count,
            DatabaseSizeBytes = databaseSize,
            WriteQueueDepth = writer?.QueueDepth ?? 0,
            WriteQueueCapacity = writer?.Capacity ?? 0,
            WriteQueueDropped = writer?.Dropped ?? 0,
            WriteQueueWritten = writer?.Written ?? 0,
            WriteQueueHeld = writer?.Held ?? 0,
            WriteQueueFailed = writer?.Failed ?? 0,
            WriteQueueRetries = writer?.Retries ?? 0,
            WriteError = writer?.LastError,
            HangfireJobs = HangfireCounts(),
            QuartzJobCount = await QuartzCountAsync(cancellationToken),
            Error = error,
        };
        Latest = snapshot;
        if (snapshot.Worst != _lastWorst)
        {
            LogLevelChanged(logger, snapshot.Worst, snapshot.CpuPercent, snapshot.MemoryPercent, snapshot.DiskUsedPercent ?? 0);
            _lastWorst = snapshot.Worst;
        }
        Sampled?.Invoke(snapshot);
        return snapshot;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IntervalSeconds), time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                LogSampleFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private double CpuPercent(TimeSpan totalCpu)
    {
        lock (_gate)
        {
            var timestamp = time.GetTimestamp();
            var elapsed = _lastTimestamp == 0 ? TimeSpan.Zero : time.GetElapsedTime(_lastTimestamp, timestamp);
            var used = totalCpu - _lastCpu;
            _lastCpu = totalCpu;
            _lastTimestamp = timestamp;
            if (elapsed <= TimeSpan.Zero)
            {
                return 0;
            }
            return Math.Clamp(used.TotalMilliseconds * 100.0 / (elapsed.TotalMilliseconds * Environment.ProcessorCount), 0, 100);
        }
    }

    private static (long? Free, long? Total) Disk(string folder)
    {
        try
        {
            var root = Path.GetPathRoot(Path.GetFullPath(folder));
            if (string.IsNullOrEmpty(root))
            {
                return (null, null);
            }
            // The mount point holding the folder: the longest drive root that prefixes it.
            var drive = DriveInfo.GetDrives()
                .Where(d => d.IsReady && folder.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
                .MaxBy(d => d.RootDirectory.FullName.Length) ?? new DriveInfo(root);
            return (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (null, null);
        }
    }

    private async Task<long?> DatabaseSizeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            return await db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync(cancellationToken);
        }
        if (db.Database.IsSqlite())
        {
            return await db.Database.SqlQueryRaw<long>("SELECT page_count * page_size AS \"Value\" FROM pragma_page_count(), pragma_page_size()").SingleAsync(cancellationToken);
        }
        return null;
    }

    private JobCounts? HangfireCounts()
    {
        if (hangfire is null)
        {
            return null;
        }
        var s = hangfire.GetMonitoringApi().GetStatistics();
        return new JobCounts(s.Enqueued, s.Processing, s.Scheduled, s.Succeeded, s.Failed, s.Recurring, (int)s.Servers);
    }

    private async Task<int?> QuartzCountAsync(CancellationToken cancellationToken)
    {
        if (quartz is null)
        {
            return null;
        }
        var scheduler = await quartz.GetScheduler(cancellationToken);
        var keys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken);
        return keys.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resource level {Level}: CPU {Cpu:F0}%, memory {Memory:F0}%, disk {Disk:F0}%")]
    private static partial void LogLevelChanged(ILogger logger, ResourceLevel level, double cpu, double memory, double disk);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resource sample failed")]
    private static partial void LogSampleFailed(ILogger logger, Exception ex);
}
