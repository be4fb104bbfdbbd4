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
/// <c>running</c> means the same in the live push's ENGINE_UPDATE and the API's status: true once started, false while
/// paused (a paused engine trades nothing until resumed), so a script reading either never sees "running" beside "paused".
/// </summary>
public sealed class EngineRunningFlagTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APausedEngineIsNotRunningInThePushAndInTheApi()
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
        (await StatusAsync(client, engine)).GetProperty("running").GetBoolean().ShouldBeTrue("a started engine is running");

        using (var pause = await client.PostAsync($"/api/v1/engines/{engine}/commands/pause", null, Ct))
        {
            pause.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        JsonElement? paused = null;
        await Eventually.WaitUntilAsync(() => (paused = Updates(received).Cast<JsonElement?>().FirstOrDefault(d => d!.Value.GetProperty("state").GetString() == "paused")) is not null,
            "an ENGINE_UPDATE in state paused");
        paused!.Value.GetProperty("running").GetBoolean().ShouldBeFalse();
        Updates(received).ShouldContain(d => d.GetProperty("running").GetBoolean(), "the updates before the pause said running");
        JsonElement status = default;
        await Eventually.WaitUntilAsync(async () => (status = await StatusAsync(client, engine)).GetProperty("state").GetString() == "paused", "the status route in state paused");
        status.GetProperty("running").GetBoolean().ShouldBeFalse();
    }

    private static IEnumerable<JsonElement> Updates(IEnumerable<JsonElement> messages) =>
        messages.Where(m => m.GetProperty("type").GetString() == EnginePushTypes.EngineUpdate).Select(m => m.GetProperty("data"));

    private static async Task<JsonElement> StatusAsync(HttpClient client, string engine)
    {
        using var response = await client.GetAsync($"/api/v1/engines/{engine}/status", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }
}
