using BreakoutBot.Domain.Constants;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Components.Layout;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BreakoutBot.Tests.Web.Layout;

/// <summary>An exception in a page's handler shows an error in the page's place; the layout and its circuit go on.</summary>
public sealed class PageErrorTests : BunitTest
{
    private readonly EngineRegistry _registry = new(NullLoggerFactory.Instance, TimeProvider.System, new NullEngineEventSink());

    public PageErrorTests()
    {
        Services.AddSingleton(_registry);
        Services.AddSingleton<AntiforgeryStateProvider>(new NoAntiforgery());
        SignIn("trader", Roles.Trader);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void AHandlerThatThrowsShowsTheErrorInThePagesPlaceAndTheLayoutGoesOn()
    {
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, b =>
        {
            b.OpenComponent<FailingPage>(0);
            b.CloseComponent();
        }));
        layout.Find("#failing-page");

        layout.Find("#fail").Click();

        layout.WaitForAssertion(() => layout.Find("#page-error").TextContent.ShouldContain("ran into an error"));
        layout.FindAll("#failing-page").ShouldBeEmpty();
        layout.Find("#current-user").TextContent.ShouldBe("trader", "the layout around the page still renders");

        layout.Find("#page-error-retry").Click();

        layout.WaitForAssertion(() => layout.Find("#failing-page"));
        layout.FindAll("#page-error").ShouldBeEmpty();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _registry.Dispose();
    }

    private sealed class FailingPage : ComponentBase
    {
        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "div");
            builder.AddAttribute(1, "id", "failing-page");
            builder.OpenElement(2, "button");
            builder.AddAttribute(3, "id", "fail");
            builder.AddAttribute(4, "onclick", EventCallback.Factory.Create(this, () => throw new InvalidOperationException("a bug in a handler")));
            builder.CloseElement();
            builder.CloseElement();
        }
    }

    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }
}
