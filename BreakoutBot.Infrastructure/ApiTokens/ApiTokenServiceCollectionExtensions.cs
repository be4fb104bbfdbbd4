using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Infrastructure.ApiTokens;

public static class ApiTokenServiceCollectionExtensions
{
    /// <summary>Personal access tokens (<see cref="ApiTokenService"/>) and their validated options.</summary>
    public static IServiceCollection AddApiTokens(this IServiceCollection services)
    {
        services.AddOptions<ApiTokenOptions>()
            .BindConfiguration(ApiTokenOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ApiTokenService>();
        return services;
    }
}
