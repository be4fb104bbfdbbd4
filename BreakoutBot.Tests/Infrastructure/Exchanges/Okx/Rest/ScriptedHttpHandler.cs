using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Rest;

/// <summary>An in-memory HTTP handler: records every request (method, path and query, headers, body) and answers with a script.</summary>
public sealed class ScriptedHttpHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> _respond;

    public ScriptedHttpHandler(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond)
    {
        _respond = respond;
    }

    public ScriptedHttpHandler(Func<RecordedRequest, HttpResponseMessage> respond)
        : this((request, _) => Task.FromResult(respond(request)))
    {
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Ok(string data) => Json(HttpStatusCode.OK, $$"""{"code":"0","msg":"","data":{{data}}}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(header => header.Key, header => string.Join(",", header.Value), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!.PathAndQuery, headers, body, request.Content?.Headers.ContentType?.MediaType);
        Requests.Enqueue(recorded);
        return await _respond(recorded, cancellationToken);
    }
}
