using BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>Reads a listener's events until one of the wanted type (and condition) arrives.</summary>
public static class OkxEventWaiter
{
    /// <summary>The next event of type <typeparamref name="T"/> matching <paramref name="match"/>; the events skipped are added to <paramref name="skipped"/>.</summary>
    public static async Task<T> NextAsync<T>(this OkxEventSubscription listener, Func<T, bool>? match = null, TimeSpan? timeout = null, List<OkxWebSocketEvent>? skipped = null)
        where T : OkxWebSocketEvent
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            while (true)
            {
                var item = await listener.Reader.ReadAsync(cts.Token);
                if (item is T wanted && (match is null || match(wanted)))
                {
                    return wanted;
                }
                skipped?.Add(item);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {typeof(T).Name} event arrived in time.");
        }
    }
}
