using BreakoutBot.Infrastructure.Jobs;
using BreakoutBot.Infrastructure.Monitoring;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreakoutBot.Tests.Infrastructure.History;

public sealed class ResourceMonitorTests : IDisposable
{
    private readonly HistoryTestDatabase _db = new();

    [Theory]
    [InlineData(69.9, ResourceLevel.Ok)]
    [InlineData(70, ResourceLevel.Warning)]
    [InlineData(79.9, ResourceLevel.Warning)]
    [InlineData(80, ResourceLevel.Critical)]
    public void CpuLevelsFollowTheOriginalThresholds(double percent, ResourceLevel expected)
    {
        var o = new ResourceMonitorOptions();
        ResourceMonitorOptions.Classify(percent, o.CpuWarnPercent, o.CpuMaxPercent).ShouldBe(expected);
    }

    [Fact]
    public async Task ASampleMeasuresTheProcessAndTheDatabase()
    {
        var time = new FakeTimeProvider(HistoryTestDatabase.T0);
        var folders = new JobFolders(Options.Create(new JobsOptions()), Options.Create(new DatabaseOptions { DataFolder = Path.GetTempPath() }));
        var monitor = new ResourceMonitor(Options.Create(new ResourceMonitorOptions()), time, _db, folders, NullLogger<ResourceMonitor>.Instance);
        ResourceSnapshot? published = null;
        monitor.Sampled += s => published = s;

        var sample = await monitor.SampleAsync();

        sample.Time.ShouldBe(HistoryTestDatabase.T0);
        sample.WorkingSetBytes.ShouldBeGreaterThan(0);
        sample.ThreadCount.ShouldBeGreaterThan(0);
        sample.DatabaseSizeBytes!.Value.ShouldBeGreaterThan(0);
        sample.DiskFreeBytes!.Value.ShouldBeGreaterThan(0);
        monitor.Latest.ShouldBe(sample);
        published.ShouldBe(sample);
    }

    public void Dispose() => _db.Dispose();
}
