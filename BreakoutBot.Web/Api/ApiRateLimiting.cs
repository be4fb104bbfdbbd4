using System.Globalization;
using System.Threading.RateLimiting;
using BreakoutBot.Infrastructure.ApiTokens;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Api;

/// <summary>
/// The API's per-token rate limit (<see cref="PolicyName"/>): each token may make
/// <see cref="ApiTokenOptions.RequestsPerSecond"/> requests per second (fixed window, no queue); more get 429 with
/// <c>Retry-After</c> and a ProblemDetails body. Cookie (browser) requests are not limited here. Runs after
/// authentication, so the partition is the verified token's id, never a client-chosen value.
/// </summary>
public sealed class ApiRateLimiting(IOptions<ApiTokenOptions> options) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "api-token";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = WriteRejectionAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var tokenId = httpContext.User.FindFirst(ApiClaims.TokenId)?.Value;
        if (tokenId is null)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }
        var permits = options.Value.RequestsPerSecond;
        return RateLimitPartition.GetFixedWindowLimiter(tokenId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = string.Create(CultureInfo.InvariantCulture, $"This token's rate limit is reached; retry in {seconds} s."),
            },
        });
    }
}
