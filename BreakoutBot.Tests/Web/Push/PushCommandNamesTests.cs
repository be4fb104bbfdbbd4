using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using BreakoutBot.Infrastructure.Engines.Push;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.Web.Api;
using BreakoutBot.Web.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace BreakoutBot.Tests.Web.Push;

/// <summary>
/// ENGINE_UPDATE's <c>available_commands</c> are the names the API's command routes take (<c>emergency-stop</c>, not
/// <c>EmergencyStop</c>), so a script can send what the push offers.
/// </summary>
public sealed class PushCommandNamesTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACommandTheLivePushOffersCanBeSentToTheApiAsItIsNamed()
    {
        var engine = portal.NewEngine(portal.OwnerId);
        var client = portal.Client(Caller.OwnerControl);
        await using var connection = HubClients.WithToken(portal.Factory, portal.Tokens[Caller.OwnerControl]!);
        var received = new ConcurrentQueue<JsonElement>();
        connection.On<JsonElement>(EngineHub.MessageMethod, m => received.Enqueue(m));
        await connection.StartAsync(Ct);
        await connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine, Ct);
        using (var start = await client.PostAsync($"/api/v1/engines/{engine}/commands/start", null, Ct))
        {
            start.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        string? offered = null;
        await Eventually.WaitUntilAsync(() => (offered = EmergencyStopOffered(received)) is not null, "an ENGINE_UPDATE offering the emergency stop");

        offered.ShouldBe("emergency-stop");
        using var sent = await client.PostAsync($"/api/v1/engines/{engine}/commands/{offered}", null, Ct);
        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static string? EmergencyStopOffered(IEnumerable<JsonElement> messages) =>
        messages.Where(m => m.GetProperty("type").GetString() == EnginePushTypes.EngineUpdate)
            .SelectMany(m => m.GetProperty("data").GetProperty("available_commands").EnumerateArray().Select(c => c.GetString()))
            .FirstOrDefault(c => c is not null && c.Replace("-", "", StringComparison.Ordinal).Equals("emergencystop", StringComparison.OrdinalIgnoreCase));
}
