using System.Text.Json;

namespace BreakoutBot.Infrastructure.Exchanges.Okx.WebSocket;

/// <summary>
/// Sorts a message from OKX by the documented order of checks: an <c>event</c> field first (login, subscribe,
/// unsubscribe, error, notice, channel-conn-count), then <c>op</c> (trading-operation response), then
/// <c>arg</c> + <c>data</c> (push), then <c>code</c> + <c>msg</c> (error). So an error event is never taken for a push.
/// </summary>
public static class OkxMessageClassifier
{
    /// <summary>Classifies one text message; text that is not a JSON object is <see cref="OkxMessageKind.Unknown"/>.</summary>
    public static OkxWebSocketMessage Classify(string text, OkxWebSocketEndpoint endpoint = OkxWebSocketEndpoint.Public, DateTimeOffset receivedAt = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "pong")
        {
            return new OkxWebSocketMessage(OkxMessageKind.Pong);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return new OkxWebSocketMessage(OkxMessageKind.Unknown);
        }
        using (document)
        {
            return Classify(document.RootElement, endpoint, receivedAt);
        }
    }

    /// <summary>Classifies a parsed message. The push's data is cloned, so the document may be disposed afterwards.</summary>
    public static OkxWebSocketMessage Classify(JsonElement root, OkxWebSocketEndpoint endpoint, DateTimeOffset receivedAt)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new OkxWebSocketMessage(OkxMessageKind.Unknown);
        }
        var code = ReadScalar(root, "code");
        var msg = ReadScalar(root, "msg");
        var id = OkxSubscription.ReadString(root, "id");
        var connId = OkxSubscription.ReadString(root, "connId");
        var eventName = OkxSubscription.ReadString(root, "event");
        if (eventName is not null)
        {
            var kind = eventName switch
            {
                "login" => OkxMessageKind.Login,
                "subscribe" => OkxMessageKind.Subscribe,
                "unsubscribe" => OkxMessageKind.Unsubscribe,
                "error" => OkxMessageKind.Error,
                "notice" => OkxMessageKind.Notice,
                "channel-conn-count" or "channel-conn-count-error" => OkxMessageKind.ChannelConnectionCount,
                _ => OkxMessageKind.Unknown,
            };
            var arg = root.TryGetProperty("arg", out var argElement) ? OkxSubscription.FromJson(argElement) : null;
            return new OkxWebSocketMessage(kind, eventName, code, msg, id, connId, arg);
        }
        var op = OkxSubscription.ReadString(root, "op");
        if (op is not null)
        {
            return new OkxWebSocketMessage(OkxMessageKind.OperationResponse, null, code, msg, id, connId, Operation: op);
        }
        if (root.TryGetProperty("arg", out var pushArg) && root.TryGetProperty("data", out var data))
        {
            var subscription = OkxSubscription.FromJson(pushArg);
            if (subscription is not null)
            {
                var push = new OkxPush(
                    endpoint,
                    receivedAt,
                    subscription,
                    OkxSubscription.ReadString(root, "action"),
                    OkxSubscription.ReadString(root, "eventType"),
                    data.Clone());
                return new OkxWebSocketMessage(OkxMessageKind.Push, Arg: subscription, Push: push);
            }
        }
        if (code is not null && msg is not null)
        {
            return new OkxWebSocketMessage(OkxMessageKind.Error, null, code, msg, id, connId);
        }
        return new OkxWebSocketMessage(OkxMessageKind.Unknown, null, code, msg, id, connId);
    }

    /// <summary>A string or number property as text (OKX sends codes as strings, but a number is accepted too).</summary>
    private static string? ReadScalar(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }
}
