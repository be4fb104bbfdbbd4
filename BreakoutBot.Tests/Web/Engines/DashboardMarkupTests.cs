using BreakoutBot.Domain.Engine;
using BreakoutBot.Domain.Signals;
using BreakoutBot.Domain.Trading;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.TestSupport.Builders;
using BreakoutBot.Web.Components.Pages.Engines.Components;
using BreakoutBot.Web.Components.Shared;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Web.Engines;

/// <summary>
/// The dashboard's tables are written as HTML (one markup frame each, shared by every dashboard of an engine): every
/// value is encoded, so text that looks like markup is shown as text and never runs; the same snapshot gives the same
/// string to every dashboard.
/// </summary>
public sealed class DashboardMarkupTests : BunitTest
{
    private const string Hostile = "<script>alert('x')</script><img src=x onerror=\"alert(1)\">";
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
    private readonly EngineHandle _engine;

    public DashboardMarkupTests()
    {
        AddEngineServices(_registry);
        _engine = _registry.Create("alice", "Alice's engine", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });
    }

    private IRenderedComponent<ContainerFragment> Show(MarkupString markup) => Render(builder => builder.AddContent(0, markup));

    [Fact]
    public void AReasonThatLooksLikeAScriptIsShownAsTextAndNeverRuns()
    {
        var status = _engine.Status with
        {
            RecentTransitions = [new StateTransition(TradingState.Idle, TradingState.Error, Hostile, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, Forced: true)],
        };

        var markup = DashboardMarkup.Transitions(status);
        var page = Show(markup);

        markup.Value.ShouldContain("&lt;script&gt;");
        page.FindAll("#transitions-table script").ShouldBeEmpty();
        page.FindAll("#transitions-table img").ShouldBeEmpty();
        page.Find("#transitions-table tbody td:last-child").TextContent.ShouldBe(Hostile);
        page.Find("#transitions-table tbody td:nth-child(3)").TextContent.ShouldBe("error");
    }

    [Fact]
    public void AnAttributeValueCannotCloseItsQuotesAndAddAHandler()
    {
        const string value = "\" onmouseover=\"alert(1)";

        var page = Show(new SafeHtml().Raw("<p id=\"target\"").Attribute("title", value).Raw(">").Text(Hostile).Raw("</p>").ToMarkup());

        var element = page.Find("#target");
        element.Attributes.Select(a => a.Name).ShouldBe(["id", "title"], ignoreOrder: true);
        element.GetAttribute("title").ShouldBe(value);
        element.TextContent.ShouldBe(Hostile);
        element.Children.ShouldBeEmpty();
    }

    [Fact]
    public void EveryDashboardOfAnEngineSharesOneStringPerSnapshot()
    {
        var status = _engine.Status;

        var first = DashboardMarkup.Transitions(status).Value;
        var second = DashboardMarkup.Transitions(status).Value;
        var next = DashboardMarkup.Transitions(status with { RecentTransitions = [] }).Value;

        ReferenceEquals(first, second).ShouldBeTrue("dashboards of the same snapshot must hold one string, not a copy each");
        ReferenceEquals(first, next).ShouldBeFalse();
        StateDiagram.Markup(TradingState.Scanning).Value.ShouldBeSameAs(StateDiagram.Markup(TradingState.Scanning).Value);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _registry.Dispose();
    }

    [Fact]
    public void AReconciliationThatLeftSomethingWrongShowsWhatIsStillWrongAsText()
    {
        var report = new ReconciliationReport(DateTimeOffset.UnixEpoch, "restart", [new ReconciliationItem("SOL-USDT-SWAP", "position on the exchange the engine did not hold", "adopted")],
            Violations: ["SOL-USDT-SWAP: no live stop covers the open position " + Hostile]);

        var page = Show(DashboardMarkup.Reconciliation(report));

        page.Find("b").TextContent.ShouldBe("Reconciliation with the exchange (restart, 1970-01-01 00:00:00 UTC)");
        page.FindAll("div")[0].TextContent.ShouldBe("SOL-USDT-SWAP: position on the exchange the engine did not hold → adopted");
        var violation = page.Find("[data-violation]");
        violation.TextContent.ShouldBe("Still wrong after it: SOL-USDT-SWAP: no live stop covers the open position " + Hostile);
        page.FindAll("script").ShouldBeEmpty();
    }

    [Fact]
    public void EachSignalIsListedOnceWithItsLatestStatusAndItsConfidenceAsAPercentage()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var first = TradingBuilder.SignalOn("BTC-USDT-SWAP", at, PositionSide.Long, 100m, 98m) with { Id = "s1", Confidence = 0.48 };
        var second = TradingBuilder.SignalOn("ETH-USDT-SWAP", at.AddMinutes(5), PositionSide.Short, 50m, 51m) with { Id = "s2", Confidence = 0.7 };
        // The history records a signal when it becomes active and again when it is executed or rejected.
        SignalRecord[] history =
        [
            new(first, SignalStatus.Active, null, at),
            new(second, SignalStatus.Active, null, at.AddMinutes(5)),
            new(first, SignalStatus.Executed, null, at.AddMinutes(5)),
            new(second, SignalStatus.Rejected, "no free slot", at.AddMinutes(5)),
        ];

        var rows = SignalRow.Latest(history);
        var page = Show(DashboardMarkup.Signals(rows));

        rows.Select(r => (r.InstrumentId, r.Status)).ShouldBe([("ETH-USDT-SWAP", "Rejected — no free slot"), ("BTC-USDT-SWAP", "Executed")]);
        var cells = page.FindAll("#signals-table tbody tr").Select(tr => tr.Children.Select(td => td.TextContent).ToList()).ToList();
        cells.Count.ShouldBe(2, "one row per signal, not one per status it went through");
        cells[1][6].ShouldBe("48 %", "the confidence is a percentage, as in History");
        cells[1][7].ShouldBe("Executed");
    }
}
