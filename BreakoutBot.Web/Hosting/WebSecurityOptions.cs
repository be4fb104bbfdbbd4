using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Hosting;

/// <summary>
/// Section <c>WebSecurity</c>: TLS enforcement and the reverse proxies whose <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c>
/// are believed. Everything is off by default so the loopback development run works over plain HTTP.
/// </summary>
public sealed class WebSecurityOptions
{
    public const string SectionName = "WebSecurity";

    /// <summary>Send <c>Strict-Transport-Security</c> on HTTPS responses and redirect plain HTTP requests to HTTPS.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>HSTS max-age in days (1..730).</summary>
    public int HstsMaxAgeDays { get; set; } = 365;

    /// <summary>The public HTTPS port that HTTP requests are redirected to (443: no port in the URL).</summary>
    public int HttpsPort { get; set; } = 443;

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>. Forwarded headers from anyone else are ignored.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>172.18.0.0/16</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>True when at least one proxy or network is configured (only then are forwarded headers read at all).</summary>
    public bool TrustsAnyProxy => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public IReadOnlyList<IPAddress> ParsedProxies() => KnownProxies.Select(IPAddress.Parse).ToList();

    public IReadOnlyList<IPNetwork> ParsedNetworks() => KnownNetworks.Select(n => IPNetwork.Parse(n)).ToList();
}

/// <summary>Rejects settings that cannot be used, naming the field and the value.</summary>
public sealed class WebSecurityOptionsValidator : IValidateOptions<WebSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, WebSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.HstsMaxAgeDays is < 1 or > 730)
        {
            errors.Add($"{WebSecurityOptions.SectionName}:HstsMaxAgeDays must be between 1 and 730 (got {options.HstsMaxAgeDays}).");
        }
        if (options.HttpsPort is < 1 or > 65535)
        {
            errors.Add($"{WebSecurityOptions.SectionName}:HttpsPort must be between 1 and 65535 (got {options.HttpsPort}).");
        }
        for (var i = 0; i < options.KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{WebSecurityOptions.SectionName}:KnownProxies:{i} '{options.KnownProxies[i]}' is not an IP address."));
            }
        }
        for (var i = 0; i < options.KnownNetworks.Length; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{WebSecurityOptions.SectionName}:KnownNetworks:{i} '{options.KnownNetworks[i]}' is not a network in CIDR form such as 10.0.0.0/8."));
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
