using System.Globalization;
using System.Threading.RateLimiting;
using BreakoutBot.Infrastructure.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Web.Endpoints;

/// <summary>
/// ASP.NET Core rate limiting on the log-in form: each client address may post it
/// <see cref="LogInThrottleOptions.PostsPerAddressPerMinute"/> times a minute; more get 429 with <c>Retry-After</c>.
/// Every other request passes unlimited. The growing per-account and per-address delays after failures are
/// <see cref="LogInThrottle"/>'s.
/// </summary>
public static class LogInRateLimiting
{
    public static IServiceCollection AddLogInRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<LogInThrottleOptions>>((options, throttle) =>
            {
                var permits = throttle.Value.PostsPerAddressPerMinute;
                options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    IsLogInPost(context.Request)
                        ? RateLimitPartition.GetFixedWindowLimiter(
                            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                        : RateLimitPartition.GetNoLimiter(string.Empty));
                options.OnRejected = (context, cancellationToken) =>
                {
                    var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                        ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                        : 60;
                    context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    return new ValueTask(context.HttpContext.Response.WriteAsync(
                        $"Too many log-in attempts from this address. Try again in {seconds} s.", cancellationToken));
                };
            });
        return services;
    }

    private static bool IsLogInPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.Equals(IdentityPolicy.LoginPath, StringComparison.OrdinalIgnoreCase);
}
