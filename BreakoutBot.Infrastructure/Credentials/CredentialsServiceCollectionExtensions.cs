using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Infrastructure.Credentials;

public static class CredentialsServiceCollectionExtensions
{
    /// <summary>
    /// Per-user OKX key sets: Data Protection with its key ring persisted in <c>DataProtection:KeysFolder</c> (default
    /// <c>{Database:DataFolder}/data-protection-keys</c>) under the application name <c>BreakoutBot</c>, and a scoped
    /// <see cref="OkxKeyStore"/>. Needs the database (<c>AddPersistence</c>) and an <c>IAuditLog</c>. No connection
    /// tester is registered here: see <see cref="AddOkxConnectionTester{TTester}"/>.
    /// </summary>
    public static IServiceCollection AddOkxKeys(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DataProtectionKeysOptions>().BindConfiguration(DataProtectionKeysOptions.SectionName);
        services.AddDataProtection().SetApplicationName(DataProtectionKeysOptions.ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>, DataProtectionKeyFolderSetup>();
        services.AddScoped<OkxKeyStore>();
        return services;
    }

    /// <summary>
    /// The extension point for the "Test connection" button: registers the tester <see cref="OkxKeyStore"/> uses
    /// (e.g. one that calls <c>GET /api/v5/account/balance</c> through the OKX REST client). Without it the keys page
    /// reports that testing is not available.
    /// </summary>
    public static IServiceCollection AddOkxConnectionTester<TTester>(this IServiceCollection services)
        where TTester : class, IOkxConnectionTester
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddScoped<IOkxConnectionTester, TTester>();
        return services;
    }
}
