namespace BreakoutBot.Infrastructure.Exchanges.Okx;

/// <summary>
/// One OKX API key set. <see cref="ToString"/> never prints the secret or the passphrase, so a key set that ends up
/// in a log line or an exception message leaks nothing.
/// </summary>
public sealed class OkxCredentials
{
    public OkxCredentials(string apiKey, string secretKey, string passphrase, bool isDemo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(secretKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(passphrase);
        ApiKey = apiKey.Trim();
        SecretKey = secretKey.Trim();
        Passphrase = passphrase;
        IsDemo = isDemo;
    }

    public string ApiKey { get; }
    public string SecretKey { get; }
    public string Passphrase { get; }

    /// <summary>True for OKX demo trading: every request carries <c>x-simulated-trading: 1</c>.</summary>
    public bool IsDemo { get; }

    /// <summary>The key with everything but its last four characters masked, for screens and logs.</summary>
    public string MaskedApiKey => ApiKey.Length <= 4 ? "****" : string.Concat("****", ApiKey.AsSpan(ApiKey.Length - 4));

    public override string ToString() => $"OKX key {MaskedApiKey}{(IsDemo ? " (demo)" : string.Empty)}";
}
