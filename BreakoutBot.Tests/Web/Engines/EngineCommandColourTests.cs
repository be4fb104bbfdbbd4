using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Web.Components.Shared;
using MudBlazor;

namespace BreakoutBot.Tests.Web.Engines;

/// <summary>One colour for a command's answer wherever it is shown (the dashboard, the remote panel, the engine list).</summary>
public class EngineCommandColourTests
{
    [Theory]
    [InlineData(EngineCommandStatus.Done, Severity.Success)]
    [InlineData(EngineCommandStatus.Pending, Severity.Info)]
    [InlineData(EngineCommandStatus.Refused, Severity.Warning)]
    [InlineData(EngineCommandStatus.Forbidden, Severity.Error)]
    [InlineData(EngineCommandStatus.NotFound, Severity.Error)]
    [InlineData(EngineCommandStatus.Failed, Severity.Error)]
    public void AnAnswerIsShownInTheColourOfItsStatus(EngineCommandStatus status, Severity expected)
    {
        EngineText.Severity(new EngineCommandOutcome(status, "answer")).ShouldBe(expected);
    }
}
