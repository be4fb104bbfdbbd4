using BreakoutBot.Infrastructure.Credentials;
using BreakoutBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Keys;

/// <summary>
/// The portal in memory with its own SQLite file, the demo engine off, test authentication, and the data folder and
/// Data Protection key ring in a temporary folder.
/// </summary>
public sealed class KeysPortal : IAsyncDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "breakoutbot-keys-portal-" + Guid.NewGuid().ToString("N"));

    public KeysPortal()
    {
        Factory = new BreakoutBotWebFactory(new PortalOptions
        {
            Database = _database,
            Settings =
            {
                ["Database:DataFolder"] = _dataFolder,
                ["DataProtection:KeysFolder"] = KeysFolder,
            },
        });
    }

    public BreakoutBotWebFactory Factory { get; }

    public string KeysFolder => Path.Combine(_dataFolder, "dp-keys");

    /// <summary>Saves a key set through the portal's own store, as the page would.</summary>
    public async Task<OkxKeySetSummary> SaveAsync(string owner, string label, string apiKey, string secret, string passphrase, bool isDemo = true)
    {
        using var scope = Factory.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<OkxKeyStore>()
            .SaveAsync(owner, label, apiKey, secret, passphrase, isDemo, owner, TestContext.Current.CancellationToken);
        return result.Saved ?? throw new InvalidOperationException(result.Message);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        _database.Dispose();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }
}
