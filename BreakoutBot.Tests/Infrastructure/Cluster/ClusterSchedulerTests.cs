using System.Collections.Concurrent;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Servers;
using Npgsql;
using Quartz;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// The clustered Quartz scheduler of two nodes on one real PostgreSQL database (schema from our migrations): a
/// cluster job fires once per fire time, not once per node, and keeps firing on the survivor when a node shuts down.
/// Skipped when PostgreSQL is not installed.
/// </summary>
public sealed class ClusterSchedulerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AClusterJobFiresOnceAcrossTwoNodesAndTheSurvivorKeepsFiringItWhenTheOtherStops()
    {
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        var connectionString = await server.CreateDatabaseAsync(Ct);
        await ClusterTestNode.MigrateAsync(connectionString, Ct);
        var keys = Path.Combine(Path.GetTempPath(), "breakoutbot-tests", Guid.NewGuid().ToString("N"));
        await using var a = await ClusterTestNode.StartAsync(ClusterTestNode.Settings(connectionString, "node-a", keys), null, Ct);
        await using var b = await ClusterTestNode.StartAsync(ClusterTestNode.Settings(connectionString, "node-b", keys), null, Ct);
        var run = Guid.NewGuid().ToString("N");

        var scheduler = await a.ClusterSchedulerAsync();
        await scheduler.ScheduleJob(
            JobBuilder.Create<RecordingJob>().WithIdentity("every-second", run).UsingJobData(RecordingJob.RunKey, run).Build(),
            TriggerBuilder.Create().WithIdentity("every-second", run).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).RepeatForever()).Build(),
            cancellationToken: Ct);
        await scheduler.ScheduleJob(
            JobBuilder.Create<RecordingJob>().WithIdentity("once", run).UsingJobData(RecordingJob.RunKey, run).Build(),
            TriggerBuilder.Create().WithIdentity("once", run).StartAt(DateTimeOffset.UtcNow.AddSeconds(1)).Build(),
            cancellationToken: Ct);

        await Eventually.WaitUntilAsync(() => RecordingJob.Fires(run, "every-second").Count >= 6, "six fires of the repeating cluster job", TimeSpan.FromSeconds(60));
        var fires = RecordingJob.Fires(run, "every-second");
        fires.GroupBy(f => f.ScheduledAt).Where(g => g.Count() > 1).ShouldBeEmpty("each fire time of a cluster job runs on one node only");
        RecordingJob.Fires(run, "once").Count.ShouldBe(1, "a one-shot cluster job ran exactly once across two nodes");
        await Eventually.WaitUntilAsync(async () => (await CheckedInNodesAsync(connectionString)).Order().SequenceEqual(["node-a", "node-b"]), "both nodes checked in");

        // Shut down the node that fired last: the other one takes the trigger over.
        var last = fires.MaxBy(f => f.FiredAt)!.Node;
        var (stopped, survivor) = last == "node-a" ? (a, b) : (b, a);
        await stopped.StopAsync();
        var before = RecordingJob.Fires(run, "every-second").Count;
        await Eventually.WaitUntilAsync(
            () => RecordingJob.Fires(run, "every-second").Skip(before).Count(f => f.Node == survivor.NodeId) >= 3,
            $"three more fires on {survivor.NodeId} after {stopped.NodeId} stopped", TimeSpan.FromSeconds(60));
        var after = RecordingJob.Fires(run, "every-second");
        after.GroupBy(f => f.ScheduledAt).Where(g => g.Count() > 1).ShouldBeEmpty();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{after.Count} fires: node-a {after.Count(f => f.Node == "node-a")}, node-b {after.Count(f => f.Node == "node-b")}; {stopped.NodeId} stopped after fire {before}");
    }

    private static async Task<List<string>> CheckedInNodesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT instance_name FROM qrtz_scheduler_state", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var nodes = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            nodes.Add(reader.GetString(0));
        }
        return nodes;
    }

    /// <summary>Records each firing: which node ran which fire time of which job of which test run.</summary>
    public sealed class RecordingJob : IJob
    {
        public const string RunKey = "run";

        private static readonly ConcurrentQueue<(string Run, string Job, DateTimeOffset ScheduledAt, DateTimeOffset FiredAt, string Node)> All = new();

        public static List<(DateTimeOffset ScheduledAt, DateTimeOffset FiredAt, string Node)> Fires(string run, string job) =>
            All.Where(f => f.Run == run && f.Job == job).Select(f => (f.ScheduledAt, f.FiredAt, f.Node)).ToList();

        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(context);
            All.Enqueue((
                context.MergedJobDataMap.GetString(RunKey) ?? "",
                context.JobDetail.Key.Name,
                context.ScheduledFireTimeUtc ?? context.FireTimeUtc,
                context.FireTimeUtc,
                context.Scheduler.SchedulerInstanceId));
            return ValueTask.CompletedTask;
        }
    }
}
