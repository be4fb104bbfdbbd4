using BreakoutBot.Infrastructure;
using BreakoutBot.Web;
using BreakoutBot.Web.Cli;
using BreakoutBot.Web.Components;
using BreakoutBot.Web.Components.Pages.History;
using BreakoutBot.Web.Endpoints;
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
if (!builder.TryUseStaticAssets(out var staticAssetsError))
{
    await Console.Error.WriteLineAsync(staticAssetsError);
    return 1;
}
builder.AddWebSecurity();
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddWebServices();

var app = builder.Build();
app.UseWebSecurity();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseStaticFiles();
app.UseRateLimiter();
app.UseHubAccessToken();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapHistoryEndpoints();
app.MapEnginePush();
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
await app.RunAsync();
return 0;
