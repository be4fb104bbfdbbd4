using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.Models;

/// <summary><c>/public/time</c>: the server clock.</summary>
public sealed record OkxServerTime(DateTimeOffset Time)
{
    public static OkxServerTime FromJson(JsonElement item) => new(OkxJson.RequiredTime(item, "ts"));
}
