using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>
/// One in-memory portal shared by the smoke tests: the default paper engine on a short generated market (800 bars,
/// 300 of them as warm-up history, then 1 ms per bar) so it is trading within a second or two; an in-memory SQLite database;
/// test authentication (<see cref="TestAuthHandler"/>: send <c>X-Test-User</c>/<c>X-Test-Roles</c>, see
/// <see cref="TestAuthenticationExtensions.AsTestUser"/>).
/// </summary>
public sealed class PortalFixture : IAsyncDisposable
{
    private readonly WebApplicationFactory<BreakoutBot.Web.Program> _root = new();
    private readonly SqliteTestDatabase _database = new();

    public PortalFixture()
    {
        Factory = _root.WithWebHostBuilder(b => b
            .UseSetting("DemoEngine:Bars", "800")
            .UseSetting("DemoEngine:WarmupBars", "300")
            .UseSetting("DemoEngine:BarIntervalMs", "1")
            .UseSetting("Admin:Email", "admin@test.local")
            .UseSetting("Admin:Password", "Adm1nPassw0rd")
            .UseSetting(TestAuthHandler.EnabledSetting, "true")
            .ConfigureTestServices(services =>
            {
                _database.Register(services);
                services.AddTestAuthentication();
            }));
    }

    public WebApplicationFactory<BreakoutBot.Web.Program> Factory { get; }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _root.DisposeAsync();
        _database.Dispose();
    }
}
