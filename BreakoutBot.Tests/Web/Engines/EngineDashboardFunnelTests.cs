using System.Globalization;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages.Engines;
using Bunit;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Web.Engines;

public sealed class EngineDashboardFunnelTests : BunitTest
{
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
    private readonly EngineHandle _engine;

    public EngineDashboardFunnelTests()
    {
        AddEngineServices(_registry);
        _engine = _registry.Create("alice", "Alice's engine", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });
    }

    private IRenderedComponent<EngineDashboard> RenderDashboard()
    {
        SignIn("alice", Roles.Trader);
        return Render<EngineDashboard>(p => p.Add(c => c.Id, _engine.Id));
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

        var page = RenderDashboard();

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

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _registry.Dispose();
    }
}
