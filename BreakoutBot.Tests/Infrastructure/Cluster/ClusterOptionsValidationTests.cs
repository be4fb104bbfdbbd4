using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary><c>Cluster:*</c> at start-up: cluster mode on SQLite is refused naming both settings; a single node is unchanged.</summary>
public sealed class ClusterOptionsValidationTests
{
    /// <summary>
    /// The registrations the portal makes (<c>AddPersistence</c>, <c>AddCluster</c>) in a host of their own: a whole
    /// portal that fails to start would leave Hangfire's process-wide log provider pointing at its disposed logger
    /// factory, which breaks the next job enqueued by another test portal.
    /// </summary>
    [Fact]
    public async Task StartingInClusterModeOnSqliteFailsNamingBothSettings()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataFolder"] = Path.Combine(Path.GetTempPath(), "breakoutbot-tests", Guid.NewGuid().ToString("N")),
            ["Cluster:Enabled"] = "true",
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPersistence(builder.Configuration);
        builder.Services.AddCluster(builder.Configuration);
        using var host = builder.Build();

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        error.Message.ShouldContain("Cluster:Enabled");
        error.Message.ShouldContain("Database:Provider");
    }

    [Fact]
    public void ASingleNodeHasNoClusterSchedulerAndKeepsItsKeyFolder()
    {
        using var database = new SqliteTestDatabase();
        using var factory = new BreakoutBotWebFactory(new PortalOptions { Database = database });

        factory.Services.GetService<ClusterScheduler>().ShouldBeNull();
        factory.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.Enabled.ShouldBeFalse();
        factory.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository.ShouldBeOfType<FileSystemXmlRepository>();
    }
}
