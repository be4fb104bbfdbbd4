using System.Text.Json.Serialization;
using Microsoft.AspNetCore.RateLimiting;

namespace BreakoutBot.Web.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// The HTTP API's services: token or cookie authentication and the scope policies, ProblemDetails, JSON with enums
    /// as names, the per-token rate limit, the status-route cache and the OpenAPI document.
    /// </summary>
    public static IServiceCollection AddHttpApi(this IServiceCollection services)
    {
        services.AddApiAuthentication();
        services.AddProblemDetails();
        // A malformed body throws, so ApiProblemMiddleware can name the field (without this it is a bare 400).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // A time without an offset is UTC, whatever zone the server runs in.
            options.SerializerOptions.Converters.Add(new UtcTimeJsonConverter());
            // Indicator values may be NaN or infinite (not computable yet); JSON numbers cannot say so.
            options.SerializerOptions.NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals;
            // A misspelled field is an error naming it, not a request run with that field's default.
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        services.AddRateLimiter(_ => { });
        services.Configure<RateLimiterOptions>(options => options.AddPolicy<string, ApiRateLimiting>(ApiRateLimiting.PolicyName));
        services.AddSingleton<ApiStatusCache>();
        services.AddSingleton<ApiRouteTable>();
        services.AddApiDocumentation();
        return services;
    }
}
