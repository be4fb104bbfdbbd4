using BreakoutBot.Infrastructure.Engines.Push;

namespace BreakoutBot.Web.Services;

/// <summary>
/// How a page follows engines without a timer (ADR-017): it subscribes to the <see cref="EngineEventBroadcaster"/> for
/// one engine (or every engine) and is called back with what arrived, at most once per <c>coalesce</c> window: the
/// first message after a quiet spell is handed over at once, a burst is gathered into the next call. Disposing stops it.
/// </summary>
public sealed class EngineChangeFeed : IDisposable
{
    /// <summary>The dashboard's window: an event reaches an open dashboard within this plus one render.</summary>
    public static readonly TimeSpan DashboardWindow = TimeSpan.FromMilliseconds(100);

    /// <summary>The window of pages that list engines (fewer renders when many engines run).</summary>
    public static readonly TimeSpan ListWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>A page only needs to know something changed: a short queue, oldest dropped.</summary>
    private const int Capacity = 32;

    private readonly EngineSubscription _subscription;
    private readonly CancellationTokenSource _stop = new();

    private EngineChangeFeed(EngineSubscription subscription) => _subscription = subscription;

    /// <summary>The engine followed, or null for every engine.</summary>
    public string? EngineId => _subscription.EngineId;

    public static EngineChangeFeed Start(EngineEventBroadcaster broadcaster, string? engineId, TimeSpan coalesce, TimeProvider time, Func<IReadOnlyList<EnginePushMessage>, Task> changed)
    {
        ArgumentNullException.ThrowIfNull(broadcaster);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(changed);
        var feed = new EngineChangeFeed(broadcaster.Subscribe(engineId, Capacity));
        _ = feed.RunAsync(coalesce, time, changed);
        return feed;
    }

    private async Task RunAsync(TimeSpan coalesce, TimeProvider time, Func<IReadOnlyList<EnginePushMessage>, Task> changed)
    {
        var reader = _subscription.Reader;
        var token = _stop.Token;
        try
        {
            while (await reader.WaitToReadAsync(token))
            {
                var batch = new List<EnginePushMessage>();
                while (reader.TryRead(out var message))
                {
                    batch.Add(message);
                }
                await changed(batch);
                await Task.Delay(coalesce, time, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed: the page is gone.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away while a render was pending.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _subscription.Dispose();
        _stop.Dispose();
    }
}
