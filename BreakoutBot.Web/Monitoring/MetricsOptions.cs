using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Monitoring;

/// <summary>
/// Section <c>Metrics</c>: who may scrape <c>/metrics</c>. A request is let in when it carries
/// <c>Authorization: Bearer {ScrapeToken}</c> or comes from an address in <see cref="AllowedNetworks"/>; with neither
/// configured nobody can scrape. The token comes from user-secrets or the environment (<c>Metrics__ScrapeToken</c>).
/// </summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>The shared secret a scraper sends as a bearer token (at least 16 characters); empty: no token accepted.</summary>
    public string? ScrapeToken { get; set; }

    /// <summary>Networks in CIDR form whose requests need no token, e.g. <c>127.0.0.1/32</c> or <c>10.0.0.0/8</c>.</summary>
    public string[] AllowedNetworks { get; set; } = [];
}

/// <summary>Rejects settings that cannot be used, naming the field (never echoing the token).</summary>
public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public const int MinimumTokenLength = 16;

    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.ScrapeToken) && options.ScrapeToken.Trim().Length < MinimumTokenLength)
        {
            errors.Add($"{MetricsOptions.SectionName}:ScrapeToken must be at least {MinimumTokenLength} characters long.");
        }
        for (var i = 0; i < options.AllowedNetworks.Length; i++)
        {
            if (!IPNetwork.TryParse(options.AllowedNetworks[i], out _))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{MetricsOptions.SectionName}:AllowedNetworks:{i} '{options.AllowedNetworks[i]}' is not a network in CIDR form such as 127.0.0.1/32."));
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
