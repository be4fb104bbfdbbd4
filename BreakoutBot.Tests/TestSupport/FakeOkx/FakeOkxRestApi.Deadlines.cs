using System.Globalization;
using Microsoft.AspNetCore.Http;
using static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxJson;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>
/// The <c>expTime</c> header as OKX honours it on place and amend order: a request executed after its deadline (on the
/// fake's clock) is answered <c>50037 Order expired</c> and not executed. Also the <see cref="FakeOkxFault.LateExecution"/>
/// hold that lets a test deliver a request late, at the moment it chooses.
/// </summary>
internal sealed partial class FakeOkxRestApi
{
    private const string ExpTimeHeader = "expTime";

    private static readonly HashSet<string> ExpiringRoutes = new(StringComparer.Ordinal)
    {
        "POST /api/v5/trade/order",
        "POST /api/v5/trade/amend-order",
    };

    private readonly List<FakeOkxRequest> _expired = [];
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;
    private int _abandoned;

    /// <summary><see cref="FakeOkxFault.LateExecution"/> requests being held, not executed yet.</summary>
    public int HeldRequests => Volatile.Read(ref _held);

    /// <summary>Held requests whose client has given up on them (its timeout fired) while they were held.</summary>
    public int AbandonedHeldRequests => Volatile.Read(ref _abandoned);

    /// <summary>Executes every request held now; requests held later wait for the next release.</summary>
    public void ReleaseHeld() => Interlocked.Exchange(ref _release, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Requests refused with 50037 because the fake's clock was past their <c>expTime</c> when they were executed.</summary>
    public IReadOnlyList<FakeOkxRequest> ExpiredRequests
    {
        get
        {
            lock (_requestsGate)
            {
                return [.. _expired];
            }
        }
    }

    private static DateTimeOffset? ExpTimeOf(HttpRequest request) =>
        long.TryParse(request.Headers[ExpTimeHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;

    /// <summary>
    /// The answer to a place or amend whose <c>expTime</c> is unreadable (a parameter error) or already past at this
    /// moment (50037, nothing executed); null when the request may be executed.
    /// </summary>
    private Reply? RefuseAfterDeadline(string route, HttpRequest request, FakeOkxRequest recorded)
    {
        if (!ExpiringRoutes.Contains(route) || !request.Headers.ContainsKey(ExpTimeHeader))
        {
            return null;
        }
        if (recorded.ExpTime is not { } deadline)
        {
            return Fail(FakeOkxError.Param(ExpTimeHeader));
        }
        if (_exchange.ServerTime() <= deadline)
        {
            return null;
        }
        lock (_requestsGate)
        {
            _expired.Add(recorded);
        }
        return new Reply(200, Envelope("50037", "Order expired.", []));
    }

    /// <summary>
    /// A <see cref="FakeOkxFault.LateExecution"/> request: held unexecuted until the test calls <see cref="ReleaseHeld"/>
    /// (once what it wants to happen first has happened), then executed (its deadline checked now). Null when the server
    /// stops during the hold: it is then never executed.
    /// </summary>
    private async Task<Reply?> ExecuteLateAsync(HttpContext context, string path, string pathAndQuery, string body, FakeOkxRequest recorded, CancellationToken stopping)
    {
        var release = Volatile.Read(ref _release).Task;
        Interlocked.Increment(ref _held);
        using var abandoned = context.RequestAborted.Register(() => Interlocked.Increment(ref _abandoned));
        try
        {
            await release.WaitAsync(stopping);
            return Execute(context.Request, path, pathAndQuery, body, recorded);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }
}
