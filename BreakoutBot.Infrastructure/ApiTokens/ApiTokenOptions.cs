using System.ComponentModel.DataAnnotations;

namespace BreakoutBot.Infrastructure.ApiTokens;

/// <summary>Settings of personal access tokens and the API's per-token rate limit (section <c>ApiTokens</c>).</summary>
public sealed class ApiTokenOptions
{
    public const string SectionName = "ApiTokens";

    /// <summary>
    /// How long a verified token (with its owner's roles and lock state) is reused without reading the database again.
    /// A revocation through the portal takes effect at once; a lock, a deletion or a role change within this time.
    /// </summary>
    [Range(0, 300)]
    public int CacheSeconds { get; set; } = 5;

    /// <summary>Requests one token may make per second (fixed window); more get 429 with <c>Retry-After</c>.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 5_000;
}
