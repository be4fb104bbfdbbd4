using BreakoutBot.Infrastructure;
using BreakoutBot.Web;
using BreakoutBot.Web.Cli;
using BreakoutBot.Web.Components;
using BreakoutBot.Web.Endpoints;
using BreakoutBot.Web.Api;
using BreakoutBot.Web.Hosting;
using BreakoutBot.Web.Hubs;

if (CliCommands.IsCommand(args))
{
    return await CliCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});
builder.UseShippedSettingsWhenAbsent(AppContext.BaseDirectory);
if (!builder.TryUseStaticAssets(out var staticAssetsError))
{
    await Console.Error.WriteLineAsync(staticAssetsError);
    return 1;
}
builder.AddWebSecurity();
builder.AddSecretSafeLogging();
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddWebServices();
builder.Services.AddEnginePushBackplane(builder.Configuration);

return await builder.BuildAndRunOrRefuseAsync(app =>
{
    app.UseWebSecurity();
    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
    }
    app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
    app.UseMiddleware<ApiProblemMiddleware>();
    app.UseStaticFiles();
    app.UseHubAccessToken();
    app.UseMiddleware<CrossOriginRequestGuard>();
    app.UseAuthentication();
    app.UseMiddleware<TwoFactorRequirement>();
    app.UseRateLimiter();
    app.UseMiddleware<ApiRefusalAuditMiddleware>();
    app.UseAuthorization();
    app.UseAntiforgery();
    app.MapStaticAssets();
    app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    app.MapPortalEndpoints();
});
