using BreakoutBot.Infrastructure.Exchanges.Okx;

namespace BreakoutBot.Infrastructure.Credentials;

/// <summary>
/// Checks that a key set works against OKX (e.g. a signed <c>GET /api/v5/account/balance</c>). Registered with
/// <see cref="CredentialsServiceCollectionExtensions.AddOkxConnectionTester{TTester}"/>; without one, the keys page
/// says that testing is not available. The result's message must never contain the key, secret or passphrase.
/// </summary>
public interface IOkxConnectionTester
{
    Task<OkxConnectionTestResult> TestAsync(OkxCredentials credentials, CancellationToken cancellationToken);
}
