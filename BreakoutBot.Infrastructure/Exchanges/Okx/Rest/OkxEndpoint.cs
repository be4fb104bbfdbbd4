namespace BreakoutBot.Infrastructure.Exchanges.Okx.Rest;

/// <summary>
/// One REST endpoint: its path, whether it needs a signature, whether repeating it is harmless, and its OKX rate limit
/// (<see cref="PermitsPerWindow"/> requests per 2 s; per instrument or instrument type when <see cref="IsPartitioned"/>).
/// </summary>
public sealed record OkxEndpoint(string Path, HttpMethod Method, int PermitsPerWindow, bool IsPartitioned, bool IsPrivate, bool IsIdempotent)
{
    /// <summary>
    /// True when OKX honours the <c>expTime</c> request header here (place and amend order, not the algo endpoints):
    /// the request is not processed once the server's clock is past that deadline.
    /// </summary>
    public bool HonoursExpTime { get; init; }

    public override string ToString() => $"{Method} {Path}";
}
