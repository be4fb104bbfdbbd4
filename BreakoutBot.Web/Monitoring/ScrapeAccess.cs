using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Monitoring;

/// <summary>
/// Decides who may scrape <c>/metrics</c> (<see cref="MetricsOptions"/>). Only the SHA-256 of the configured token is
/// kept; a presented token is hashed and compared in constant time, so neither its value nor its length leaks by timing.
/// </summary>
public sealed class ScrapeAccess
{
    private const string BearerPrefix = "Bearer ";
    private readonly byte[]? _tokenHash;
    private readonly List<IPNetwork> _networks;

    public ScrapeAccess(IOptions<MetricsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _tokenHash = string.IsNullOrWhiteSpace(o.ScrapeToken) ? null : Hash(o.ScrapeToken.Trim());
        _networks = o.AllowedNetworks.Select(n => IPNetwork.Parse(n)).ToList();
    }

    /// <summary>True when either a token or a network is configured (otherwise every scrape is refused).</summary>
    public bool IsConfigured => _tokenHash is not null || _networks.Count > 0;

    /// <param name="authorization">The request's Authorization header (may be empty).</param>
    /// <param name="remote">The client's address (after trusted-proxy forwarding), null when unknown.</param>
    public ScrapeDecision Decide(string? authorization, IPAddress? remote)
    {
        if (_tokenHash is not null && authorization is not null
            && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Hash(authorization[BearerPrefix.Length..].Trim()), _tokenHash))
        {
            return ScrapeDecision.Allowed;
        }
        if (remote is not null && InAllowedNetwork(remote))
        {
            return ScrapeDecision.Allowed;
        }
        return _tokenHash is not null ? ScrapeDecision.Unauthenticated : ScrapeDecision.Forbidden;
    }

    private bool InAllowedNetwork(IPAddress remote)
    {
        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
