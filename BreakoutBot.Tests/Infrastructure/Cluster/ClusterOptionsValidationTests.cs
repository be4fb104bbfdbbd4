using BreakoutBot.Infrastructure.Cluster;
using BreakoutBot.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary><c>Cluster:*</c> at start-up: cluster mode on SQLite is refused naming both settings; a single node is unchanged.</summary>
public sealed class ClusterOptionsValidationTests
{
    [Fact]
    public void ThePortalRefusesToStartInClusterModeOnSqliteNamingBothSettings()
    {
        using var database = new SqliteTestDatabase();
        var options = new PortalOptions { Database = database };
        options.Settings["Cluster:Enabled"] = "true";
        using var factory = new BreakoutBotWebFactory(options);

        var error = Should.Throw<Exception>(() => factory.Server);

        var messages = Flatten(error);
        messages.ShouldContain("Cluster:Enabled");
        messages.ShouldContain("Database:Provider");
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

    private static string Flatten(Exception error) => error switch
    {
        AggregateException aggregate => string.Join('\n', aggregate.InnerExceptions.Select(Flatten)),
        _ when error.InnerException is { } inner => error.Message + '\n' + Flatten(inner),
        _ => error.Message,
    };
}
