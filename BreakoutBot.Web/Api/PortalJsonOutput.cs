using Microsoft.AspNetCore.SignalR;

namespace BreakoutBot.Web.Api;

/// <summary>
/// The one place where the rules for numbers the portal sends to scripts are set: the HTTP API's JSON (route answers,
/// the status cache) and the live-push hub's JSON payloads get the same <see cref="DecimalOutputJsonConverter"/>. The
/// replay report (<c>ReplayJson</c>) has its own options and is not affected; the API's backtest detail, which carries
/// the report as an object, is written with the API's rules.
/// </summary>
public static class PortalJsonOutput
{
    public static IServiceCollection AddPortalJsonOutput(this IServiceCollection services)
    {
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => options.SerializerOptions.Converters.Add(new DecimalOutputJsonConverter()));
        services.Configure<JsonHubProtocolOptions>(options => options.PayloadSerializerOptions.Converters.Add(new DecimalOutputJsonConverter()));
        return services;
    }
}
