using System.Globalization;
using System.Security.Claims;
using BreakoutBot.Domain.Abstractions;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Web.Components.Pages.Engines;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace BreakoutBot.Tests.Web.Engines;

public sealed class EngineDashboardFunnelTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
    private readonly EngineHandle _engine;

    public EngineDashboardFunnelTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        _ctx.Services.AddSingleton(_registry);
        _ctx.Services.AddSingleton<IAuditLog>(new LoggingAuditLog(NullLogger<LoggingAuditLog>.Instance));
        _ctx.Services.AddSingleton<EngineCommandService>();
        _engine = _registry.Create("alice", "Alice's engine", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });
    }

    private IRenderedComponent<EngineDashboard> Render()
    {
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(Roles.Trader);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "alice"));
        return _ctx.Render<EngineDashboard>(p => p.Add(c => c.Id, _engine.Id));
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheDashboardShowsTheScanFunnelNextToTheConditionsNotChecked()
    {
        await _engine.ExecuteAsync(EngineCommand.Start, null);
        await _engine.Engine.RunUntilRestAsync(3, Xunit.TestContext.Current.CancellationToken);
        // The page shows the handle's cached status, which the engine's runner refreshes after each cycle.
        var status = _engine.RefreshStatus();
        var total = status.Funnel;
        var last = status.LastScanFunnel;

        var page = Render();

        total.InstrumentBarsScanned.ShouldBeGreaterThan(0);
        page.Find("#scan-not-checked").ShouldNotBeNull();
        string Cell(string stage, string column) => page.Find($"#scan-funnel-table tr[data-stage='{stage}'] .{column}").TextContent;
        Cell("scanned", "funnel-total").ShouldBe(Count(total.InstrumentBarsScanned));
        Cell("scanned", "funnel-last").ShouldBe(Count(last.InstrumentBarsScanned));
        Cell("candidates", "funnel-total").ShouldBe(Count(total.Candidates));
        Cell("signals", "funnel-total").ShouldBe(Count(total.Signals));
        Cell("fills", "funnel-total").ShouldBe(Count(total.Fills));
        page.Find("#scan-funnel-filters").TextContent.ShouldContain(ScanFunnelText.FailedFilters(total));
        page.Find("#scan-funnel-strategies").TextContent.ShouldContain("momentum " + Count(total.SignalsByStrategy["momentum"]));
        var stopped = ScanFunnelText.WhereItStopped(total);
        page.FindAll("#scan-funnel-stopped").Count.ShouldBe(stopped is null ? 0 : 1);
        if (stopped is not null)
        {
            page.Find("#scan-funnel-stopped").TextContent.ShouldContain(stopped);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        _registry.Dispose();
    }
}
