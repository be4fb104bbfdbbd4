using BreakoutBot.Infrastructure.Cluster;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace BreakoutBot.Web.Hubs;

/// <summary>The SignalR Redis backplane that lets several portal nodes serve one set of hub clients (ADR-019).</summary>
public static class EnginePushBackplane
{
    /// <summary>The Redis channel prefix of the portal's SignalR messages, so other apps can share the Redis server.</summary>
    public const string ChannelPrefix = "BreakoutBot";

    /// <summary>
    /// When <c>Cluster:RedisConfiguration</c> is set: SignalR's Redis backplane on that server, so a message sent through
    /// any node's hub context to a group (<see cref="EngineHub.GroupFor"/>), a user or a connection reaches the client on
    /// whichever node it is connected to, and the nodes tell each other whose sessions ended (<see cref="SessionRevocationRelay"/>).
    /// Unset (a single node): SignalR keeps its in-process default.
    /// </summary>
    public static IServiceCollection AddEnginePushBackplane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var redis = configuration[$"{ClusterOptions.SectionName}:{nameof(ClusterOptions.RedisConfiguration)}"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            return services;
        }
        var cluster = configuration.GetSection(ClusterOptions.SectionName).Get<ClusterOptions>() ?? new ClusterOptions();
        var clientName = ClusterRedis.NewClientName(cluster.EffectiveNodeId);
        services.AddSignalR().AddStackExchangeRedis(redis, o =>
        {
            o.Configuration.ChannelPrefix = RedisChannel.Literal(ChannelPrefix);
            o.Configuration.ClientName = clientName + ClusterRedis.SignalRSuffix;
        });
        // Made by the container, so it closes the node's own connection at shutdown.
        services.AddSingleton(_ => new ClusterRedis(redis, clientName));
        services.AddSingleton<BackplaneHealthCheck>();
        services.Replace(ServiceDescriptor.Singleton(new EnginePushMode(ThroughGroups: true)));
        services.AddHostedService<EngineGroupRelay>();
        services.AddHostedService<SessionRevocationRelay>();
        services.AddHealthChecks().AddCheck<BackplaneHealthCheck>(BackplaneHealthCheck.Name, HealthStatus.Unhealthy, [Infrastructure.Monitoring.MonitoringServiceCollectionExtensions.ReadyTag]);
        return services;
    }
}
