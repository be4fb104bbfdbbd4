using System.Diagnostics;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>
/// The tests' one way to wait (never a fixed sleep): polls a condition every 20 ms (or <c>poll</c>) until it holds, and
/// fails naming what it waited for when the deadline passes. <see cref="StaysTrueAsync"/> is the opposite check for
/// something that must not happen: the condition is polled through a window and the test fails the moment it breaks.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(20);

    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitUntilAsync(() => Task.FromResult(condition()), what, timeout, poll);
    }

    /// <summary>As above for a condition that has to ask over the network or a database.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? poll = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        if (!await TryWaitUntilAsync(condition, limit, poll))
        {
            throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for: {what}");
        }
    }

    /// <summary>Waits for the condition up to <paramref name="timeout"/>; false when it did not hold by then (the caller decides).</summary>
    public static Task<bool> TryWaitUntilAsync(Func<bool> condition, TimeSpan timeout, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return TryWaitUntilAsync(() => Task.FromResult(condition()), timeout, poll);
    }

    public static async Task<bool> TryWaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(poll ?? DefaultPoll, TestContext.Current.CancellationToken);
        }
        return true;
    }

    /// <summary>
    /// Checks that <paramref name="condition"/> holds now and all through <paramref name="window"/> (e.g. "no second
    /// connection is opened"): fails at the first poll where it does not, naming it.
    /// </summary>
    public static async Task StaysTrueAsync(Func<bool> condition, string what, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (await TryWaitUntilAsync(() => !condition(), window, TimeSpan.FromMilliseconds(5)))
        {
            throw new ShouldAssertException($"No longer true within {window.TotalMilliseconds:0} ms: {what}");
        }
    }
}
