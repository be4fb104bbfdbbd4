using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.WebSocket;

public sealed class OkxEventHubTests
{
    [Fact]
    public void AFullListenerLosesEventsWithoutHoldingUpTheOthers()
    {
        var hub = new OkxEventHub();
        using var slow = hub.Subscribe(capacity: 2);
        using var fast = hub.Subscribe(capacity: 100);

        for (var i = 0; i < 5; i++)
        {
            hub.Publish(Error(i));
        }

        slow.DroppedCount.ShouldBe(3);
        hub.DroppedCount.ShouldBe(3);
        fast.DroppedCount.ShouldBe(0);
        fast.Reader.Count.ShouldBe(5);
        slow.Reader.TryRead(out var first).ShouldBeTrue();
        first.ShouldBeOfType<OkxErrorEvent>().Code.ShouldBe("0");
    }

    [Fact]
    public void ADisposedListenerStopsReceivingAndItsStreamEnds()
    {
        var hub = new OkxEventHub();
        var listener = hub.Subscribe();

        listener.Dispose();
        hub.Publish(Error(1)).ShouldBeTrue();

        listener.Reader.Completion.IsCompleted.ShouldBeTrue();
        listener.Reader.TryRead(out _).ShouldBeFalse();
    }

    private static OkxErrorEvent Error(int i) =>
        new(OkxWebSocketEndpoint.Public, DateTimeOffset.UnixEpoch, i.ToString(System.Globalization.CultureInfo.InvariantCulture), "m", null, null);
}
