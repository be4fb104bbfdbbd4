using System.Text;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx.Rest;

/// <summary>One request as the scripted handler saw it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[]? Body, string? ContentType)
{
    public string Path => PathAndQuery.Split('?')[0];

    public string BodyText => Body is null ? string.Empty : Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
