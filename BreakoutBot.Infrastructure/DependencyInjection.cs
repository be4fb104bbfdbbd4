using BreakoutBot.Infrastructure.Hosting;
using BreakoutBot.Infrastructure.Identity;
using BreakoutBot.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Adapters and the trading engine: the clock and the default paper engine on bundled data.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddPersistence(configuration);
        AddTradingEngine(services);
        services.AddIdentityStores(configuration);
        return services;
    }

    private static void AddTradingEngine(IServiceCollection services)
    {
        services.AddOptions<DemoEngineOptions>()
            .BindConfiguration(DemoEngineOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DemoEngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoEngineHost>());
    }
}
