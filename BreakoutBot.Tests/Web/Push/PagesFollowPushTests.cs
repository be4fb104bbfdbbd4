using System.Reflection;
using BreakoutBot.Web.Components.Pages;
using BreakoutBot.Web.Components.Pages.Engines;

namespace BreakoutBot.Tests.Web.Push;

/// <summary>The pages that watch engine state hold no timer (ADR-017): they follow the engine event hub instead.</summary>
public sealed class PagesFollowPushTests
{
    private static readonly Type[] TimerTypes = [typeof(Timer), typeof(PeriodicTimer), typeof(System.Timers.Timer)];

    [Theory]
    [InlineData(typeof(EngineDashboard))]
    [InlineData(typeof(EngineList))]
    [InlineData(typeof(Home))]
    public void APageThatWatchesEnginesHoldsNoTimer(Type page)
    {
        var fields = page.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);

        fields.Where(f => TimerTypes.Contains(f.FieldType)).Select(f => f.Name).ShouldBeEmpty();
        fields.ShouldContain(f => f.FieldType == typeof(BreakoutBot.Web.Services.EngineChangeFeed), "it follows pushed engine events");
    }
}
