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
/// The live push and the API say the same thing, so a script may read either: ENGINE_UPDATE's
/// <c>available_commands</c> are the names the command routes take (<c>emergency-stop</c>, not <c>EmergencyStop</c>),
/// and <c>running</c> is true once started and false while paused (a paused engine trades nothing until resumed) in the
/// push and in the status route alike.
/// </summary>
public sealed class PushAndApiAgreementTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACommandTheLivePushOffersCanBeSentToTheApiAsItIsNamed()
    {
        var (engine, client, connection, received) = await StartedAndWatchedAsync();
        await using var _ = connection;

        string? offered = null;
        await Eventually.WaitUntilAsync(() => (offered = EmergencyStopOffered(received)) is not null, "an ENGINE_UPDATE offering the emergency stop");
        offered.ShouldBe("emergency-stop");
        using var sent = await client.PostAsync($"/api/v1/engines/{engine}/commands/{offered}", null, Ct);
        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task APausedEngineIsNotRunningInThePushAndInTheApi()
    {
        var (engine, client, connection, received) = await StartedAndWatchedAsync();
        await using var _ = connection;
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

    /// <summary>A new engine of the owner, watched over the hub with the owner's control token, then started.</summary>
    private async Task<(string Engine, HttpClient Client, HubConnection Connection, ConcurrentQueue<JsonElement> Received)> StartedAndWatchedAsync()
    {
        var engine = portal.NewEngine(portal.OwnerId);
        var client = portal.Client(Caller.OwnerControl);
        var connection = HubClients.WithToken(portal.Factory, portal.Tokens[Caller.OwnerControl]!);
        var received = new ConcurrentQueue<JsonElement>();
        connection.On<JsonElement>(EngineHub.MessageMethod, m => received.Enqueue(m));
        await connection.StartAsync(Ct);
        await connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine, Ct);
        using var start = await client.PostAsync($"/api/v1/engines/{engine}/commands/start", null, Ct);
        start.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (engine, client, connection, received);
    }

    private static IEnumerable<JsonElement> Updates(IEnumerable<JsonElement> messages) =>
        messages.Where(m => m.GetProperty("type").GetString() == EnginePushTypes.EngineUpdate).Select(m => m.GetProperty("data"));

    private static string? EmergencyStopOffered(IEnumerable<JsonElement> messages) =>
        Updates(messages)
            .SelectMany(d => d.GetProperty("available_commands").EnumerateArray().Select(c => c.GetString()))
            .FirstOrDefault(c => c is not null && c.Replace("-", "", StringComparison.Ordinal).Equals("emergencystop", StringComparison.OrdinalIgnoreCase));

    private static async Task<JsonElement> StatusAsync(HttpClient client, string engine)
    {
        using var response = await client.GetAsync($"/api/v1/engines/{engine}/status", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }
}
