using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace BreakoutBot.Infrastructure.Cluster;

/// <summary>
/// The cluster-wide Quartz scheduler (ADR-019): Quartz's clustered ADO.NET job store in the shared PostgreSQL database
/// (tables <c>qrtz_*</c>, created by our migrations), System.Text.Json for job data. A job scheduled here fires once in
/// the cluster, on whichever node acquires it, and keeps firing while any node is up. Only for cluster-wide work:
/// engine cycles stay on each node's in-memory scheduler (the default one), because an engine runs on one node.
/// </summary>
public sealed class ClusterScheduler([FromKeyedServices(ClusterScheduler.Name)] ISchedulerFactory schedulers)
{
    /// <summary>The scheduler's name in the container and its <c>sched_name</c> in the tables; the same on every node.</summary>
    public const string Name = "breakoutbot-cluster";

    /// <summary>The prefix of Quartz's tables (PostgreSQL folds the unquoted names to lower case).</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>How often a node checks in; a node silent for this plus <see cref="CheckinMisfireThreshold"/> is recovered from.</summary>
    public static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan CheckinMisfireThreshold = TimeSpan.FromSeconds(15);

    /// <summary>How long an idle node waits before asking the database again for due triggers (Quartz's default is 30 s).</summary>
    public static readonly TimeSpan IdleWaitTime = TimeSpan.FromSeconds(5);

    /// <summary>This node's handle on the clustered scheduler.</summary>
    public ValueTask<IScheduler> GetAsync(CancellationToken cancellationToken = default) =>
        schedulers.GetScheduler(cancellationToken);
}

public static class ClusterSchedulerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the clustered scheduler <see cref="ClusterScheduler.Name"/> on <paramref name="connectionString"/> with
    /// <paramref name="nodeId"/> as its Quartz instance id (unique per node), and <see cref="ClusterScheduler"/>. The
    /// app's Quartz hosted service starts and stops it with the other schedulers; the schema is validated at start.
    /// </summary>
    public static IServiceCollection AddClusterScheduler(this IServiceCollection services, string connectionString, string nodeId)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        services.AddQuartz(ClusterScheduler.Name, q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceId = nodeId;
                // A trigger another node scheduled, or one a stopped node left, is picked up within this.
                o.IdleWaitTime = ClusterScheduler.IdleWaitTime;
            });
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(c =>
                {
                    c.CheckinInterval = ClusterScheduler.CheckinInterval;
                    c.CheckinMisfireThreshold = ClusterScheduler.CheckinMisfireThreshold;
                });
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = ClusterScheduler.TablePrefix;
                    // Our migrations own the schema; Quartz only checks it is there and refuses to start if not.
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                });
            });
        });
        services.AddSingleton<ClusterScheduler>();
        return services;
    }
}
