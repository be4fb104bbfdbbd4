using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using static BreakoutBot.Tests.TestSupport.FakeOkx.FakeOkxJson;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>Pushes from the exchange to the subscribed sockets.</summary>
internal sealed partial class FakeOkxWebSocketHub
{
    public void OrderChanged(string instType, string instId, JsonObject order)
    {
        foreach (var connection in Connections("private", loggedIn: true))
        {
            var sub = connection.Subscriptions(s => Str(s, "channel") == "orders" &&
                    (Str(s, "instType") is "ANY" || Str(s, "instType") == instType) &&
                    (Str(s, "instId") is null || Str(s, "instId") == instId))
                .FirstOrDefault();
            if (sub is not null)
            {
                Push(connection, PrivateArg(sub), new JsonArray(order.DeepClone()), eventType: null);
            }
        }
    }

    public void PositionsChanged(IReadOnlyList<(string InstType, string InstId, JsonObject Position)> positions)
    {
        foreach (var connection in Connections("private", loggedIn: true))
        {
            foreach (var sub in connection.Subscriptions(s => Str(s, "channel") == "positions"))
            {
                var data = new JsonArray();
                foreach (var (instType, instId, position) in positions)
                {
                    if (Str(sub, "instType") is "ANY" or null || Str(sub, "instType") == instType)
                    {
                        if (Str(sub, "instId") is null || Str(sub, "instId") == instId)
                        {
                            data.Add(position.DeepClone());
                        }
                    }
                }
                if (data.Count > 0)
                {
                    Push(connection, PrivateArg(sub), data, "event_update");
                }
            }
        }
    }

    public void AccountChanged(JsonObject balance)
    {
        foreach (var connection in Connections("private", loggedIn: true))
        {
            foreach (var sub in connection.Subscriptions(s => Str(s, "channel") == "account"))
            {
                Push(connection, PrivateArg(sub), new JsonArray(balance.DeepClone()), "event_update");
            }
        }
    }

    public void MarketChanged(string instId, JsonObject ticker, JsonObject books5)
    {
        foreach (var connection in Connections("public", loggedIn: false))
        {
            foreach (var sub in connection.Subscriptions(s => Str(s, "instId") == instId && Str(s, "channel") is "tickers" or "books5"))
            {
                var data = Str(sub, "channel") == "tickers" ? ticker : books5;
                Push(connection, sub, new JsonArray(data.DeepClone()), eventType: null);
            }
        }
    }

    public void CandleChanged(string instId, string bar, JsonArray row)
    {
        var channel = "candle" + bar;
        foreach (var connection in Connections("business", loggedIn: false))
        {
            foreach (var sub in connection.Subscriptions(s => Str(s, "channel") == channel && Str(s, "instId") == instId))
            {
                Push(connection, sub, new JsonArray(row.DeepClone()), eventType: null);
            }
        }
    }
}
