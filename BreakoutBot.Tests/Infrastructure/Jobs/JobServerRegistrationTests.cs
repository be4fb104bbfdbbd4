using BreakoutBot.Infrastructure.Jobs;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Infrastructure.Jobs;

/// <summary>
/// Several hosts in one process (the test suite's portals, two cluster nodes in one test): Hangfire keeps its activator
/// and storage in static state set by the last host configured, yet each host must run its jobs with its own services.
/// </summary>
public sealed class JobServerRegistrationTests
{
    [Fact]
    public void AHostActivatesItsJobsFromItsOwnContainerAfterAnotherHostWasConfigured()
    {
        using var first = Host();
        using var second = Host();
        first.GetRequiredService<IGlobalConfiguration>();
        // The second host configured last: Hangfire's static JobActivator.Current and JobStorage.Current are now its own.
        second.GetRequiredService<IGlobalConfiguration>();

        using var scope = first.GetRequiredService<JobActivator>().BeginScope((JobActivatorContext)null!);

        scope.Resolve(typeof(HostMarker)).ShouldBeSameAs(first.GetRequiredService<HostMarker>());
        first.GetRequiredService<JobStorage>().ShouldNotBeSameAs(second.GetRequiredService<JobStorage>());
    }

    private static ServiceProvider Host()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton<HostMarker>();
        services.AddJobStorageAndServers(new ConfigurationBuilder().Build());
        return services.BuildServiceProvider();
    }

    private sealed class HostMarker;
}
