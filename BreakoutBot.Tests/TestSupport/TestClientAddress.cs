using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace BreakoutBot.Tests.TestSupport;

/// <summary>
/// The in-memory test server has no client address; this start-up filter takes it from the <see cref="Header"/> a
/// test client sends, so tests can play browsers at different addresses.
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    private static int _next;

    /// <summary>A fresh address in 10.77.0.0/16 for one more browser.</summary>
    public static string Next()
    {
        var n = Interlocked.Increment(ref _next);
        return $"10.77.{(n >> 8) & 0xFF}.{n & 0xFF}";
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((HttpContext context, Func<Task> proceed) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return proceed();
        });
        next(app);
    };
}
