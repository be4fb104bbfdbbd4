namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>
/// <c>DataProtection:KeysFolder</c>: where the portal keeps its ASP.NET Core Data Protection keys, which encrypt the
/// stored OKX key sets (and the log-in cookies). Empty means <c>{Database:DataFolder}/data-protection-keys</c>. Back it
/// up with the database: without it, stored key sets cannot be decrypted.
/// </summary>
public sealed class DataProtectionKeysOptions
{
    public const string SectionName = "DataProtection";

    public const string DefaultFolderName = "data-protection-keys";

    /// <summary>The application name shared by every instance that must read the same protected data.</summary>
    public const string ApplicationName = "BreakoutBot";

    public string? KeysFolder { get; set; }
}
