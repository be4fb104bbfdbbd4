using System.Diagnostics;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>Waits for a condition with a deadline (never a fixed sleep): polls every 20 ms, fails naming what it waited for.</summary>
public static class Eventually
{
    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitUntilAsync(() => Task.FromResult(condition()), what, timeout);
    }

    /// <summary>As above for a condition that has to ask over the network or a database.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for: {what}");
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
