using System.Security.Cryptography;
using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Tests.TestSupport.Servers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Infrastructure.Cluster;

/// <summary>
/// The Data Protection key ring in cluster mode lives in the shared PostgreSQL database, so what one node protects
/// (stored OKX keys, log-in cookies) the other unprotects; without cluster mode each node has its own key folder and
/// cannot. Skipped when PostgreSQL is not installed.
/// </summary>
public sealed class ClusterDataProtectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOkxKeyProtectedOnOneNodeIsReadOnTheOtherAndNoKeyFolderIsWritten()
    {
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        var connectionString = await server.CreateDatabaseAsync(Ct);
        await ClusterTestNode.MigrateAsync(connectionString, Ct);
        var folderA = TempFolder();
        var folderB = TempFolder();
        await using var a = await ClusterTestNode.StartAsync(ClusterTestNode.Settings(connectionString, "node-a", folderA), null, Ct);
        await using var b = await ClusterTestNode.StartAsync(ClusterTestNode.Settings(connectionString, "node-b", folderB), null, Ct);

        var protectedOnA = Protector(a).Protect("okx-secret-key");

        Protector(b).Unprotect(protectedOnA).ShouldBe("okx-secret-key");
        Protector(a).Unprotect(Protector(b).Protect("the other way")).ShouldBe("the other way");
        Directory.Exists(folderA).ShouldBeFalse("cluster mode keeps the key ring in the database, not in the node's key folder");
        Directory.Exists(folderB).ShouldBeFalse();
    }

    [Fact]
    public async Task WithoutClusterModeTwoNodesOnOneDatabaseCannotReadEachOthersProtectedValues()
    {
        PostgresServer.SkipUnlessAvailable();
        await using var server = await PostgresServer.StartAsync(Ct);
        var connectionString = await server.CreateDatabaseAsync(Ct);
        await ClusterTestNode.MigrateAsync(connectionString, Ct);
        var single = (string nodeId) =>
        {
            var settings = new Dictionary<string, string?>(ClusterTestNode.Settings(connectionString, nodeId, TempFolder()))
            {
                ["Cluster:Enabled"] = "false",
            };
            return settings;
        };
        await using var a = await ClusterTestNode.StartAsync(single("node-a"), null, Ct);
        await using var b = await ClusterTestNode.StartAsync(single("node-b"), null, Ct);

        var protectedOnA = Protector(a).Protect("okx-secret-key");

        Should.Throw<CryptographicException>(() => Protector(b).Unprotect(protectedOnA));
    }

    private static IDataProtector Protector(ClusterTestNode node) =>
        node.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(OkxKeyStore.Purpose);

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "breakoutbot-tests", Guid.NewGuid().ToString("N"), "keys");
}
