using BreakoutBot.Infrastructure.Monitoring;
using BreakoutBot.Web.Components.Pages.Admin.Components;
using Bunit;
using MudBlazor.Services;

namespace BreakoutBot.Tests.Web.Admin;

/// <summary>The health page's alarm for engine events that are not reaching the database.</summary>
public sealed class WriteQueueAlarmTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();

    public WriteQueueAlarmTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
    }

    [Fact]
    public void FailingWritesShowWhyHowManyEventsWaitAndThatTradingContinues()
    {
        var snapshot = new ResourceSnapshot
        {
            WriteQueueDepth = 1_200,
            WriteQueueCapacity = 10_000,
            WriteQueueHeld = 500,
            WriteQueueRetries = 7,
            WriteError = "SqliteException: SQLite Error 5: 'database is locked'.",
        };

        var alarm = _ctx.Render<WriteQueueAlarm>(p => p.Add(c => c.Snapshot, snapshot));

        var text = alarm.Find("#health-write-alarm").TextContent;
        text.ShouldContain("Database writes are failing (SqliteException: SQLite Error 5: 'database is locked'.)");
        text.ShouldContain("1,700 engine events are kept and retried");
        text.ShouldContain("7 retries so far");
        text.ShouldContain("the engines keep trading");
    }

    [Fact]
    public void DroppedOrRefusedEventsAreAlarmedAfterTheDatabaseRecovered()
    {
        var snapshot = new ResourceSnapshot { WriteQueueCapacity = 10_000, WriteQueueDropped = 3, WriteQueueFailed = 1 };

        var text = _ctx.Render<WriteQueueAlarm>(p => p.Add(c => c.Snapshot, snapshot)).Find("#health-write-alarm").TextContent;

        text.ShouldContain("3 engine events were dropped because the write-behind queue was full");
        text.ShouldContain("1 engine event was refused by the database and not stored");
        text.ShouldNotContain("(s)");
        text.ShouldNotContain("failing");
    }

    [Fact]
    public void HealthyWritesShowNoAlarm()
    {
        var snapshot = new ResourceSnapshot { WriteQueueDepth = 40, WriteQueueCapacity = 10_000, WriteQueueWritten = 12_345, WriteQueueRetries = 4 };

        _ctx.Render<WriteQueueAlarm>(p => p.Add(c => c.Snapshot, snapshot)).FindAll("#health-write-alarm").ShouldBeEmpty();
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();
}
