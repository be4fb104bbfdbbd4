using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// One channel push (<c>{"arg":{…},"data":[…]}</c>). <see cref="Data"/> is a clone of the <c>data</c> array, owned by
/// this object, for the model parsers; <see cref="Action"/> is set by book channels (snapshot/update) and
/// <see cref="EventType"/> by positions and account (snapshot/event_update).
/// </summary>
public sealed record OkxPush(
    OkxWebSocketEndpoint Endpoint,
    DateTimeOffset Time,
    OkxSubscription Arg,
    string? Action,
    string? EventType,
    JsonElement Data) : OkxWebSocketEvent(Endpoint, Time)
{
    public string Channel => Arg.Channel;
    public string? InstId => Arg.InstId;
    public string? InstType => Arg.InstType;

    /// <summary>The <c>data</c> array as JSON text.</summary>
    public string DataJson => Data.GetRawText();
}
