using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using BreakoutBot.Domain.Constants;
using BreakoutBot.Domain.Engine;
using BreakoutBot.Infrastructure.Engines;
using BreakoutBot.Infrastructure.Engines.Push;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BreakoutBot.Tests.Web.Push;

/// <summary>
/// The SignalR hub at <c>/hubs/engines</c> through the real portal (in memory, WebSockets): a subscriber gets the
/// engine's FSM_TRANSITION within 200 ms of its publication; a user who may not see the engine is refused; anonymous
/// clients are refused; unsubscribing and disconnecting end the engine's feed.
/// </summary>
public sealed class EngineHubTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();
    private readonly BreakoutBotWebFactory _factory;

    public EngineHubTests()
    {
        _factory = new BreakoutBotWebFactory(new PortalOptions { Database = _database });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _database.Dispose();
    }

    private EngineHandle CreateEngine(string owner) =>
        _factory.Services.GetRequiredService<EngineRegistry>().Create(owner, owner + "'s engine", "breakout_v1",
            new EngineCreateOptions { StartingBalance = 1_000m, Bars = 600, WarmupBars = 300, BarIntervalMs = 1_000 });

    /// <summary>A hub client signed in as <paramref name="user"/> with <paramref name="roles"/> (none: anonymous), over WebSockets.</summary>
    private HubConnection Connect(string? user, params string[] roles)
    {
        var server = _factory.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, EngineHub.Path.TrimStart('/')), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = server.CreateWebSocketClient();
                    if (user is not null)
                    {
                        client.ConfigureRequest = request =>
                        {
                            request.Headers[TestAuthHandler.UserHeader] = user;
                            request.Headers[TestAuthHandler.RolesHeader] = string.Join(',', roles);
                        };
                    }
                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
                if (user is not null)
                {
                    options.Headers[TestAuthHandler.UserHeader] = user;
                    options.Headers[TestAuthHandler.RolesHeader] = string.Join(',', roles);
                }
            })
            .Build();
    }

    private static ConcurrentQueue<(JsonElement Message, DateTimeOffset ReceivedAt)> Collect(HubConnection connection)
    {
        var received = new ConcurrentQueue<(JsonElement, DateTimeOffset)>();
        connection.On<JsonElement>(EngineHub.MessageMethod, m => received.Enqueue((m, TimeProvider.System.GetUtcNow())));
        return received;
    }

    [Fact]
    public async Task ASubscriberReceivesTheEnginesTransitionWithin200Milliseconds()
    {
        var engine = CreateEngine("alice");
        await using var connection = Connect("alice", Roles.Trader);
        var received = Collect(connection);
        await connection.StartAsync(Ct);

        (await connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct)).ShouldBe(engine.Id);
        await Eventually.WaitUntilAsync(() => received.Any(r => Type(r.Message) == EnginePushTypes.EngineUpdate), "the engine's current status as the first message");
        (await engine.ExecuteAsync(EngineCommand.Start, null, Ct)).Success.ShouldBeTrue();

        await Eventually.WaitUntilAsync(() => received.Any(r => Type(r.Message) == EnginePushTypes.FsmTransition), "FSM_TRANSITION from idle", TimeSpan.FromSeconds(10));
        var (message, receivedAt) = received.First(r => Type(r.Message) == EnginePushTypes.FsmTransition);
        message.GetProperty("engineId").GetString().ShouldBe(engine.Id);
        message.GetProperty("data").GetProperty("from_state").GetString().ShouldBe("idle");
        message.GetProperty("data").GetProperty("to_state").GetString().ShouldNotBeNullOrEmpty();
        var delay = receivedAt - message.GetProperty("publishedAt").GetDateTimeOffset();
        TestContext.Current.TestOutputHelper?.WriteLine($"FSM_TRANSITION delivered {delay.TotalMilliseconds:0.0} ms after it was published");
        delay.ShouldBeLessThanOrEqualTo(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task AUserWhoMayNotSeeTheEngineIsRefusedAndGetsNothing()
    {
        var engine = CreateEngine("alice");
        await using var bob = Connect("bob", Roles.Trader);
        var received = Collect(bob);
        await bob.StartAsync(Ct);

        var refused = await Should.ThrowAsync<HubException>(() => bob.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct));
        refused.Message.ShouldContain("engineId");
        await Should.ThrowAsync<HubException>(() => bob.InvokeAsync<string>(nameof(EngineHub.Subscribe), "no-such-engine", Ct));
        (await engine.ExecuteAsync(EngineCommand.Start, null, Ct)).Success.ShouldBeTrue();

        // A viewer may watch any engine (read-only), like on the dashboard.
        await using var viewer = Connect("vera", Roles.Viewer);
        var viewerReceived = Collect(viewer);
        await viewer.StartAsync(Ct);
        await viewer.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct);
        await Eventually.WaitUntilAsync(() => !viewerReceived.IsEmpty, "the viewer's first message");
        received.ShouldBeEmpty("bob was refused, so nothing of alice's engine reaches him");
    }

    [Fact]
    public async Task AnAccessTokenInTheQueryStringSubscribesItsOwnersEngineAndAGarbageTokenIsRefused()
    {
        var ownerId = await _factory.CreateUserAsync("hubtoken@test.local", Roles.Trader);
        var token = await _factory.CreateTokenAsync("hubtoken@test.local", BreakoutBot.Infrastructure.ApiTokens.ApiTokenScope.Read);
        var engine = CreateEngine(ownerId);
        var other = CreateEngine("someone-else");
        await using var connection = HubClients.WithToken(_factory, token);
        var received = Collect(connection);
        await connection.StartAsync(Ct);

        (await connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct)).ShouldBe(engine.Id);
        await Eventually.WaitUntilAsync(() => received.Any(r => Type(r.Message) == EnginePushTypes.EngineUpdate), "the owner's engine status over a token-authenticated connection");
        await Should.ThrowAsync<HubException>(() => connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), other.Id, Ct));

        await using var garbage = HubClients.WithToken(_factory, "bbt_not-a-real-token");
        var refused = await Should.ThrowAsync<HttpRequestException>(() => garbage.StartAsync(Ct));
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnAnonymousClientCannotConnect()
    {
        await using var anonymous = Connect(null);

        var refused = await Should.ThrowAsync<HttpRequestException>(() => anonymous.StartAsync(Ct));

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnsubscribingAndDisconnectingEndTheEnginesFeed()
    {
        var engine = CreateEngine("alice");
        var broadcaster = _factory.Services.GetRequiredService<EngineEventBroadcaster>();
        var subscriptions = _factory.Services.GetRequiredService<EngineHubSubscriptions>();
        await using var connection = Connect("root", Roles.Admin);
        await connection.StartAsync(Ct);

        await connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct);
        subscriptions.Count.ShouldBe(1);
        await connection.InvokeAsync(nameof(EngineHub.Unsubscribe), engine.Id, Ct);
        subscriptions.Count.ShouldBe(0);

        await connection.InvokeAsync<string>(nameof(EngineHub.Subscribe), engine.Id, Ct);
        subscriptions.Count.ShouldBe(1);
        var before = broadcaster.SubscriberCount;
        await connection.StopAsync(Ct);

        await Eventually.WaitUntilAsync(() => subscriptions.Count == 0, "the disconnected client's subscription to be closed");
        broadcaster.SubscriberCount.ShouldBe(before - 1);
    }

    private static string? Type(JsonElement message) => message.GetProperty("type").GetString();
}
