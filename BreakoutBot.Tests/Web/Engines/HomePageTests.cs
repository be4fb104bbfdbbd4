using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Hosting;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Pages;
using BreakoutBot.Web.Components.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreakoutBot.Tests.Web.Engines;

/// <summary>The home page's engine card: the commands it lists are the ones the user may give, named as the dashboard's buttons.</summary>
public sealed class HomePageTests : BunitTest
{
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());
    private readonly EngineHandle _engine;

    public HomePageTests()
    {
        AddEngineServices(_registry);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(new DemoEngineHost(Options.Create(new DemoEngineOptions()), _registry, NullLogger<DemoEngineHost>.Instance));
        _engine = _registry.Create("alice", "Alice's engine", "breakout_v1", new EngineCreateOptions { Bars = 600, WarmupBars = 300 });
    }

    [Fact]
    public async Task TheOwnerSeesTheCommandsNamedAsTheDashboardsButtonsAre()
    {
        await _engine.ExecuteAsync(EngineCommand.Start, null);
        SignIn("alice", Roles.Trader);

        var page = Render<BreakoutBot.Web.Components.Pages.Home>();

        var commands = page.Find("#engine-commands").TextContent;
        commands.ShouldStartWith("Commands available: ");
        commands.ShouldContain("Emergency stop");
        commands.ShouldContain("Kill switch");
        commands.ShouldNotContain("EmergencyStop");
    }

    [Fact]
    public async Task AViewerIsToldTheEngineIsReadOnlyInsteadOfCommandsTheyCannotGive()
    {
        await _engine.ExecuteAsync(EngineCommand.Start, null);
        SignIn("vera", Roles.Viewer);

        var page = Render<BreakoutBot.Web.Components.Pages.Home>();

        page.Find("#engine-link").TextContent.ShouldBe("Alice's engine");
        page.Find("#engine-commands").TextContent.ShouldBe("Commands: none (read-only: you may watch this engine but not control it)");
    }

    [Fact]
    public void AnEquityDifferenceIsSaidInWordsWithoutASignToReadBackwards()
    {
        EngineText.EquityDifference(16.58m, 426.85m).ShouldBe("410.27 less than the booked trades");
        EngineText.EquityDifference(328.75m, 328.62m).ShouldBe("0.13 more than the booked trades");
    }
}
