using BreakoutBot.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>
/// Keeps the Data Protection key ring in <see cref="DataProtectionKeysOptions.KeysFolder"/> (default: a folder in the
/// data folder) so that key sets saved before a restart still decrypt after it. Resolved when the key ring is first
/// used, so test hosts can point it elsewhere through configuration.
/// </summary>
public sealed class DataProtectionKeyFolderSetup(
    IOptions<DataProtectionKeysOptions> keys,
    IOptions<DatabaseOptions> database,
    ILoggerFactory loggerFactory) : IConfigureOptions<KeyManagementOptions>
{
    /// <summary>The absolute key folder (created if missing).</summary>
    public string Folder
    {
        get
        {
            var configured = keys.Value.KeysFolder;
            var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
                ? Path.Combine(database.Value.DataFolder, DataProtectionKeysOptions.DefaultFolderName)
                : configured);
            return StartupFolder.Ensure(folder, string.IsNullOrWhiteSpace(configured)
                ? $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.DataFolder)} (the Data Protection keys' folder in it)"
                : $"{DataProtectionKeysOptions.SectionName}:{nameof(DataProtectionKeysOptions.KeysFolder)}");
        }
    }

    public void Configure(KeyManagementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Folder), loggerFactory);
    }
}
