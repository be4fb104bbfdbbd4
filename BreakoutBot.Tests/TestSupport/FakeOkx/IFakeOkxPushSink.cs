using System.Text.Json.Nodes;

namespace BreakoutBot.Tests.TestSupport.FakeOkx;

/// <summary>Where the fake exchange sends the events that WebSocket subscribers receive. Calls never block.</summary>
internal interface IFakeOkxPushSink
{
    void OrderChanged(string instType, string instId, JsonObject order);

    void PositionsChanged(IReadOnlyList<(string InstType, string InstId, JsonObject Position)> positions);

    void AccountChanged(JsonObject balance);

    void MarketChanged(string instId, JsonObject ticker, JsonObject books5);
}
