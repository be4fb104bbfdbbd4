using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxJson;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>Acks, errors, snapshots and pushes written to one socket.</summary>
internal sealed partial class FakeOkxWebSocketHub
{
    private bool KnownInstrument(string? instId) => instId is not null && Exchange.Instruments.Any(i => i.InstId == instId);

    private IEnumerable<FakeOkxWsConnection> Connections(string kind, bool loggedIn) =>
        _connections.Values.Where(c => c.Kind == kind && (!loggedIn || c.LoggedIn));

    private JsonObject PrivateArg(JsonObject sub)
    {
        var arg = (JsonObject)sub.DeepClone();
        arg["uid"] = Exchange.Uid;
        return arg;
    }

    private void Snapshot(FakeOkxWsConnection connection, JsonObject sub, JsonArray data)
    {
        var message = new JsonObject
        {
            ["arg"] = PrivateArg(sub),
            ["eventType"] = "snapshot",
            ["curPage"] = 1,
            ["lastPage"] = true,
            ["data"] = data,
        };
        SendPush(connection, message.ToJsonString());
    }

    private void Push(FakeOkxWsConnection connection, JsonObject arg, JsonArray data, string? eventType)
    {
        var message = new JsonObject { ["arg"] = arg.DeepClone() };
        if (eventType is not null)
        {
            message["eventType"] = eventType;
            if (eventType == "snapshot")
            {
                message["curPage"] = 1;
                message["lastPage"] = true;
            }
        }
        message["data"] = data;
        SendPush(connection, message.ToJsonString());
    }

    private void SendPush(FakeOkxWsConnection connection, string text)
    {
        var delay = Interlocked.Read(ref _pushDelayMs);
        var due = delay > 0 ? Environment.TickCount64 + delay : 0;
        connection.Send(text, due);
        if (Volatile.Read(ref _duplicate) == 1)
        {
            connection.Send(text, due);
        }
    }

    private static void Reply(FakeOkxWsConnection connection, string? id, string eventName, JsonObject arg)
    {
        var reply = new JsonObject();
        if (id is not null)
        {
            reply["id"] = id;
        }
        reply["event"] = eventName;
        reply["arg"] = arg.DeepClone();
        reply["connId"] = connection.ConnId;
        connection.Send(reply.ToJsonString());
    }

    private void SendError(FakeOkxWsConnection connection, string? id, FakeOkxError error)
    {
        _errors.Enqueue((connection.Kind, error.Code));
        var reply = new JsonObject();
        if (id is not null)
        {
            reply["id"] = id;
        }
        reply["event"] = "error";
        reply["code"] = error.Code;
        reply["msg"] = error.Message;
        reply["connId"] = connection.ConnId;
        connection.Send(reply.ToJsonString());
    }
}
