using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>
/// One in-memory portal shared by the smoke tests: the default paper engine on a short generated market (800 bars,
/// 300 of them as warm-up history, then 1 ms per bar) so it is trading within a second or two.
/// </summary>
public sealed class PortalFixture : IAsyncDisposable
{
    private readonly WebApplicationFactory<BreakoutBot.Web.Program> _root = new();

    public PortalFixture()
    {
        Factory = _root.WithWebHostBuilder(b => b
            .UseSetting("DemoEngine:Bars", "800")
            .UseSetting("DemoEngine:WarmupBars", "300")
            .UseSetting("DemoEngine:BarIntervalMs", "1"));
    }

    public WebApplicationFactory<BreakoutBot.Web.Program> Factory { get; }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _root.DisposeAsync();
    }
}
